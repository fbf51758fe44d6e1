"""Request bodies and responses of an operation: media types, schemas, headers, statuses.

Each media type's schema pair goes to `checks.check_body`; response headers'
schemas to `check_header`. Statuses that are not numbers (`default`, `2XX`) have no oasdiff
rule: adding or removing one is reported as `unsupported-change`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specpress.diff.checks import Site, check_body, check_header
from specpress.diff.context import Context, Emitter, Op
from specpress.diff.lifecycle import Lifecycle
from specpress.diff.schema import as_dict
from specpress.openapi import pointer
from specpress.openapi.refs import Resolver


def _site(
    ctx: Context, out: Emitter, direction: str, subject: str, media_type: str, stability: str | None
) -> Site:
    lifecycle = Lifecycle(ctx.today, ctx.days(stability)) if stability is not None else None
    return Site(
        out,
        ctx.cmp,
        direction,
        f"{direction}-body",
        f"{direction}-property",
        subject,
        media_type,
        lifecycle,
    )


def _content(
    ctx: Context,
    out: Emitter,
    o_content: Any,
    n_content: Any,
    o_ptr: str,
    n_ptr: str,
    direction: str,
    subject: str,
    stability: str | None,
) -> None:
    o_content, n_content = as_dict(o_content), as_dict(n_content)
    media_id = "request-body-media-type" if direction == "request" else "response-media-type"
    for media in sorted(set(o_content) - set(n_content), key=str):
        out.emit(
            f"{media_id}-removed",
            pointer.child(o_ptr, media),
            f"{subject}: media type `{media}` removed",
        )
    for media in sorted(set(n_content) - set(o_content), key=str):
        out.emit(
            f"{media_id}-added",
            pointer.child(n_ptr, media),
            f"{subject}: media type `{media}` added",
        )
    several = len(set(o_content) & set(n_content)) > 1
    for media in sorted(set(o_content) & set(n_content), key=str):
        o_media = as_dict(o_content[media])
        n_media = as_dict(n_content[media])
        label = f"{subject} ({media})" if several else subject
        sd = ctx.cmp.diff(
            o_media.get("schema"),
            n_media.get("schema"),
            pointer.child(o_ptr, media, "schema"),
            pointer.child(n_ptr, media, "schema"),
        )
        if sd is None:
            continue
        if sd.added or sd.deleted:
            word = "added" if sd.added else "removed"
            out.emit(
                f"{direction}-body-media-type-schema-{word}",
                pointer.child(n_ptr if sd.added else o_ptr, media),
                f"{label}: media type `{media}` schema {word}",
            )
            continue
        site = _site(ctx, out, direction, label, media, stability)
        check_body(site, sd, ctx.threshold, _invalid_stability_reporter(out, sd.rev_ptr))


def compare_request_body(
    ctx: Context, out: Emitter, old: Op, new: Op, stability: str | None
) -> None:
    o_body, o_ptr, _ = ctx.old_res.deref(
        old.op.get("requestBody"), pointer.child(old.base, "requestBody")
    )
    n_body, n_ptr, _ = ctx.new_res.deref(
        new.op.get("requestBody"), pointer.child(new.base, "requestBody")
    )
    if not isinstance(o_body, dict) and not isinstance(n_body, dict):
        return
    if not isinstance(n_body, dict):
        out.emit("request-body-removed", o_ptr, "request body removed")
        return
    now = n_body.get("required") is True
    if not isinstance(o_body, dict):
        out.emit(
            f"request-body-added-{'required' if now else 'optional'}",
            n_ptr,
            f"{'required' if now else 'optional'} request body added",
        )
        return
    if (o_body.get("required") is True) != now:
        out.emit(
            f"request-body-became-{'required' if now else 'optional'}",
            pointer.child(n_ptr, "required"),
            f"request body {'is now required' if now else 'is no longer required'}",
        )
    _content(
        ctx,
        out,
        o_body.get("content"),
        n_body.get("content"),
        pointer.child(o_ptr, "content"),
        pointer.child(n_ptr, "content"),
        "request",
        "request body",
        stability,
    )


def compare_responses(ctx: Context, out: Emitter, old: Op, new: Op, stability: str | None) -> None:
    o_resps = {str(k): v for k, v in as_dict(old.op.get("responses")).items()}
    n_resps = {str(k): v for k, v in as_dict(new.op.get("responses")).items()}
    for status in sorted(set(o_resps) ^ set(n_resps)):
        added = status in n_resps
        where = pointer.child(new.base if added else old.base, "responses", status)
        if not status.isdigit():
            out.emit(
                "unsupported-change",
                where,
                f"response `{status}` {'added' if added else 'removed'}; no rule "
                "judges a non-numeric status",
            )
            continue
        kind = "success" if 200 <= int(status) <= 299 else "non-success"
        out.emit(
            f"response-{kind}-status-{'added' if added else 'removed'}",
            where,
            f"response `{status}` {'added' if added else 'removed'}",
        )
    for status in sorted(set(o_resps) & set(n_resps)):
        o_resp, o_ptr, _ = ctx.old_res.deref(
            o_resps[status], pointer.child(old.base, "responses", status)
        )
        n_resp, n_ptr, _ = ctx.new_res.deref(
            n_resps[status], pointer.child(new.base, "responses", status)
        )
        o_resp, n_resp = as_dict(o_resp), as_dict(n_resp)
        _headers(ctx, out, status, o_resp, n_resp, o_ptr, n_ptr)
        _content(
            ctx,
            out,
            o_resp.get("content"),
            n_resp.get("content"),
            pointer.child(o_ptr, "content"),
            pointer.child(n_ptr, "content"),
            "response",
            f"response {status} body",
            stability,
        )


def _headers(
    ctx: Context,
    out: Emitter,
    status: str,
    o_resp: dict[str, Any],
    n_resp: dict[str, Any],
    o_ptr: str,
    n_ptr: str,
) -> None:
    def headers(
        side: Resolver, resp: dict[str, Any], base: str
    ) -> dict[str, tuple[dict[str, Any], str, str]]:
        found = {}
        for name, raw in as_dict(resp.get("headers")).items():
            header, where, _ = side.deref(raw, pointer.child(base, "headers", name))
            found[str(name).lower()] = (as_dict(header), where, str(name))
        return found

    old = headers(ctx.old_res, o_resp, o_ptr)
    new = headers(ctx.new_res, n_resp, n_ptr)
    for key in sorted(set(old) - set(new)):
        header, where, name = old[key]
        kind = "required" if header.get("required") is True else "optional"
        out.emit(
            f"{kind}-response-header-removed",
            where,
            f"response {status}: header `{name}` removed",
        )
    for key in sorted(set(new) - set(old)):
        header, where, name = new[key]
        out.emit("response-header-added", where, f"response {status}: header `{name}` added")
    for key in sorted(set(old) & set(new)):
        (o_h, o_where, _), (n_h, n_where, name) = old[key], new[key]
        if o_h.get("required") is True and n_h.get("required") is not True:
            out.emit(
                "response-header-became-optional",
                pointer.child(n_where, "required"),
                f"response {status}: header `{name}` may now be missing",
            )
        sd = ctx.cmp.diff(
            o_h.get("schema"),
            n_h.get("schema"),
            pointer.child(o_where, "schema"),
            pointer.child(n_where, "schema"),
        )
        if sd is not None and sd.both:
            site = Site(
                out,
                ctx.cmp,
                "response",
                "response-header",
                None,
                f"response {status} header `{name}`",
            )
            check_header(site, sd)


def _invalid_stability_reporter(out: Emitter, location: str) -> Callable[[str], None]:
    def report(value: str) -> None:
        out.emit(
            "api-invalid-stability-level",
            location,
            f"`x-stability-level: {value}` is not draft, alpha, beta or stable",
        )

    return report
