"""Request bodies and responses: media types, properties added and removed, requiredness,
readOnly / writeOnly, deprecation and stability of properties, response statuses and headers.
"""

from __future__ import annotations

from specpress.diff.rules.base import Direction, Level, Rule, row


def deprecation_rules(prefix: str, direction: Direction, area: str, what: str) -> list[Rule]:
    """The deprecation / sunset family oasdiff has for properties (request and response)."""
    return [
        row(f"{prefix}-deprecated", "INFO", direction, area, f"{what}: `deprecated: true`",
            f"{what} was deprecated without an `x-sunset`", "lifecycle"),
        row(f"{prefix}-deprecated-with-sunset", "INFO", direction, area,
            f"{what}: `deprecated: true`, `x-sunset: 2027-01-01`",
            f"{what} was deprecated with a sunset date", "lifecycle"),
        row(f"{prefix}-deprecated-sunset-missing", "ERR", direction, area,
            f"{what}: `deprecated: true`, no `x-sunset`, `--deprecation-days-stable 30`",
            f"{what} was deprecated without the `x-sunset` a deprecation policy requires",
            "lifecycle"),
        row(f"{prefix}-deprecated-sunset-invalid", "ERR", direction, area,
            f"{what}: `x-sunset: next spring`",
            f"{what} was deprecated with an `x-sunset` that is not a date", "lifecycle"),
        row(f"{prefix}-reactivated", "INFO", direction, area, f"{what}: `deprecated` dropped",
            f"{what} is no longer deprecated", "lifecycle"),
        row(f"{prefix}-sunset-date-too-small", "ERR", direction, area,
            f"{what}: `x-sunset` 10 days away, policy 30 days",
            f"{what} was deprecated with less notice than the policy asks", "lifecycle"),
    ]  # fmt: skip


def mutability_rules(direction: Direction, area: str) -> list[Rule]:
    """readOnly / writeOnly toggles on an existing property (oasdiff: all INFO but one)."""
    rules = []
    for required in ("optional", "required"):
        for flag, word in (("writeOnly", "write-only"), ("readOnly", "read-only")):
            for became in (word, f"not-{word}"):
                rule_id = f"{direction}-{required}-property-became-{became}"
                level: Level = "INFO"
                if rule_id == "response-required-property-became-not-write-only":
                    level = "WARN"  # a required field that was never sent starts arriving
                on = not became.startswith("not-")
                rules.append(
                    row(rule_id, level, direction, area,
                        f"{required} {direction} property `token`: `{flag}: {str(on).lower()}`",
                        f"a {required} {direction} property "
                        f"{'became' if on else 'is no longer'} {flag}", "mutability")
                )  # fmt: skip
    return rules


# fmt: off
BODIES: tuple[Rule, ...] = (
    row("request-body-added-required", "ERR", "request", "request-body",
        "`POST /tasks` gains a required request body", "a required request body was added",
        "existence"),
    row("request-body-added-optional", "INFO", "request", "request-body",
        "`POST /tasks` gains an optional request body", "an optional request body was added",
        "existence"),
    row("request-body-removed", "ERR", "request", "request-body",
        "`POST /tasks` loses its request body", "the request body was removed", "existence"),
    row("request-body-became-required", "ERR", "request", "request-body",
        "requestBody `required: false` -> `required: true`", "the request body became required",
        "requiredness"),
    row("request-body-became-optional", "INFO", "request", "request-body",
        "requestBody `required: true` -> `required: false`", "the request body became optional",
        "requiredness"),
    row("request-body-media-type-added", "INFO", "request", "request-body",
        "request body accepts `multipart/form-data` too", "a request media type was added",
        "existence"),
    row("request-body-media-type-removed", "ERR", "request", "request-body",
        "request body no longer accepts `application/json`", "a request media type was removed",
        "existence"),
    row("new-required-request-property", "ERR", "request", "request-body",
        "request property `task_name` added to `required`", "a required request property was added",
        "existence"),
    row("new-required-request-property-with-default", "ERR", "request", "request-body",
        "required request property `mode` with `default: fast` added",
        "a required request property with a default was added", "existence"),
    row("new-optional-request-property", "INFO", "request", "request-body",
        "request property `language` added", "an optional request property was added",
        "existence"),
    row("request-property-removed", "WARN", "request", "request-body",
        "request property `subtitles` removed",
        "a request property was removed (servers may reject it now)", "existence"),
    row("request-property-became-required", "ERR", "request", "request-body",
        "request property `url` added to `required`", "a request property became required",
        "requiredness"),
    row("request-property-became-required-with-default", "ERR", "request", "request-body",
        "request property `mode` (with a default) added to `required`",
        "a request property with a default became required", "requiredness"),
    row("request-property-became-optional", "INFO", "request", "request-body",
        "request property `url` dropped from `required`", "a request property became optional",
        "requiredness"),
    row("request-read-only-property-enum-value-removed", "INFO", "request", "request-body",
        "readOnly request property `status`: enum value removed",
        "an enum value of a readOnly property was removed (clients do not send it)", "values"),
    *(
        row(f"request-read-only-property-{suffix}", "INFO", "request", "request-body",
            f"readOnly request property `id`: {example}",
            "a bound of a readOnly property was tightened (clients do not send it)",
            "constraints")
        for suffix, example in (("max-decreased", "`maximum` lowered"),
                                ("exclusive-max-decreased", "`exclusiveMaximum` lowered"),
                                ("max-length-decreased", "`maxLength` lowered"),
                                ("min-increased", "`minimum` raised"),
                                ("exclusive-min-increased", "`exclusiveMinimum` raised"))
    ),
    *deprecation_rules("request-property", "request", "request-body", "request property"),
    row("request-property-stability-decreased", "ERR", "request", "request-body",
        "request property `x`: `x-stability-level: stable` -> `beta`",
        "a request property's stability level went down", "lifecycle"),
    row("request-property-stability-increased", "INFO", "request", "request-body",
        "request property `x`: `x-stability-level: beta` -> `stable`",
        "a request property's stability level went up", "lifecycle"),
    *mutability_rules("request", "request-body"),
    # responses
    row("response-success-status-added", "INFO", "none", "responses", "`201` response added",
        "a 2xx response was added", "existence"),
    row("response-success-status-removed", "ERR", "none", "responses", "`200` response removed",
        "a 2xx response was removed", "existence"),
    row("response-non-success-status-added", "INFO", "none", "responses", "`422` response added",
        "a non-2xx response was added", "existence"),
    row("response-non-success-status-removed", "INFO", "none", "responses",
        "`404` response removed", "a non-2xx response was removed", "existence"),
    row("response-media-type-added", "INFO", "response", "responses",
        "200 response also offers `text/csv`", "a response media type was added", "existence"),
    row("response-media-type-removed", "ERR", "response", "responses",
        "200 response no longer offers `application/json`", "a response media type was removed",
        "existence"),
    row("response-mediatype-enum-value-removed", "INFO", "response", "responses",
        "the 200 response body: `enum: [a, b]` -> `enum: [a]`",
        "an enum value of a whole response body was removed", "values"),
    row("response-required-property-added", "INFO", "response", "responses",
        "response property `created_at` added to `required`",
        "a required response property was added", "existence"),
    row("response-optional-property-added", "INFO", "response", "responses",
        "response property `progress` added", "an optional response property was added",
        "existence"),
    row("response-required-property-removed", "ERR", "response", "responses",
        "required response property `result` removed", "a required response property was removed",
        "existence"),
    row("response-optional-property-removed", "WARN", "response", "responses",
        "optional response property `result` removed",
        "an optional response property was removed (clients reading it may break)", "existence"),
    *(
        row(f"response-{req}-write-only-property-{what}", "INFO", "response", "responses",
            f"writeOnly {req} response property `password` {what}",
            f"a writeOnly (never sent) {req} response property was {what}", "existence")
        for req in ("required", "optional") for what in ("added", "removed")
    ),
    row("response-property-became-optional", "ERR", "response", "responses",
        "response property `status` dropped from `required`",
        "a response property may now be missing", "requiredness"),
    row("response-property-became-required", "INFO", "response", "responses",
        "response property `status` added to `required`", "a response property is now always sent",
        "requiredness"),
    row("response-write-only-property-became-optional", "INFO", "response", "responses",
        "writeOnly response property `password` dropped from `required`",
        "a writeOnly (never sent) response property became optional", "requiredness"),
    row("response-write-only-property-became-required", "INFO", "response", "responses",
        "writeOnly response property `password` added to `required`",
        "a writeOnly (never sent) response property became required", "requiredness"),
    row("response-write-only-property-enum-value-added", "INFO", "response", "responses",
        "writeOnly response property `mode`: enum value added",
        "an enum value of a writeOnly (never sent) response property was added", "values"),
    *deprecation_rules("response-property", "response", "responses", "response property"),
    row("response-property-stability-decreased", "ERR", "response", "responses",
        "response property `x`: `x-stability-level: stable` -> `beta`",
        "a response property's stability level went down", "lifecycle"),
    row("response-property-stability-increased", "INFO", "response", "responses",
        "response property `x`: `x-stability-level: beta` -> `stable`",
        "a response property's stability level went up", "lifecycle"),
    *mutability_rules("response", "responses"),
    row("response-header-added", "INFO", "response", "responses",
        "200 response gains header `X-Request-Id`", "a response header was added", "existence"),
    row("required-response-header-removed", "ERR", "response", "responses",
        "required header `X-Request-Id` removed", "a required response header was removed",
        "existence"),
    row("optional-response-header-removed", "WARN", "response", "responses",
        "header `Retry-After` removed", "an optional response header was removed", "existence"),
    row("response-header-became-optional", "ERR", "response", "responses",
        "header `X-Request-Id`: `required: true` -> `required: false`",
        "a response header may now be missing", "requiredness"),
)
# fmt: on
