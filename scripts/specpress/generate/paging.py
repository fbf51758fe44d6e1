"""Which list methods page, and how: detected from the spec, or as sdk.yaml says.

Why a module: a method without ``paginate:`` in sdk.yaml (every method of a package without a
hand map) is looked at once here. A GET whose JSON response is an object with one list of items
pages when the envelope has one of the common shapes (README "sdk.yaml without a hand map"):

- ``next_link``: a ``next`` field (a URL or a query string) beside ``results``;
- ``page_info``: ``page_info: {page, total_page}`` beside ``data``;
- ``cursor``: a cursor query parameter (``cursor``, ``page_token``, ``after``, ...) and a
  next-cursor field in the envelope (``next_cursor``, ``next_page_token``, ``meta.next_cursor``,
  ...), with ``has_more`` if there is one;
- ``offset``: an ``offset`` (or ``skip``, ``start``) query parameter, with ``total`` if the
  envelope has one.

A detected style the runtime does not have (``pages.PAGE_STYLES``), or whose fixed envelope
names differ from the API's, is no page: the method returns the plain response. ``paginate:
false`` in sdk.yaml turns detection off; ``paginate: {style, items, ...}`` overrides it (and is
checked: a mismatch there is an error naming the key).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from specpress.config.model import Pagination
from specpress.errors import SpecpressError
from specpress.openapi.document import OpenAPIDocument, Operation
from specpress.openapi.pointer import child

from . import types
from .pages import PAGE_STYLES, PageStyle, page_style

if TYPE_CHECKING:
    from specpress.config.model import MethodSpec

    from .naming import PackageNames
    from .responses import Success

__all__ = ["detect", "page_of"]

_ITEMS = ("data", "results", "items", "records", "entries", "values", "list", "content",
          "objects", "rows", "hits", "elements", "resources")  # fmt: skip
_CURSOR_PARAMS = ("cursor", "page_token", "pageToken", "next_token", "nextToken",
                  "starting_after", "after", "continuation_token", "continuationToken",
                  "marker", "page_cursor", "next_cursor")  # fmt: skip
_CURSOR_FIELDS = ("next_cursor", "nextCursor", "next_page_token", "nextPageToken", "next_token",
                  "nextToken", "continuation_token", "continuationToken", "next_marker",
                  "nextMarker", "end_cursor", "endCursor", "cursor", "after")  # fmt: skip
_META = ("meta", "pagination", "paging", "page_info", "pageInfo", "links", "cursor")
_HAS_MORE = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage")
_OFFSET_PARAMS = ("offset", "skip", "start")
_LIMIT_PARAMS = ("limit", "page_size", "pageSize", "per_page", "perPage", "size", "count",
                 "take", "max_results", "maxResults")  # fmt: skip
_TOTAL_FIELDS = ("total", "total_count", "totalCount", "count", "total_results", "totalResults")


def _props(doc: OpenAPIDocument, schema: Any, where: str) -> dict[str, Any]:
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return {}
    props, _ = doc.object_view(resolved, where)
    return props


def _is_array(doc: OpenAPIDocument, schema: Any, where: str) -> bool:
    resolved = doc.resolve(schema, where)
    if not isinstance(resolved, dict):
        return False
    kind = resolved.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def _items_field(doc: OpenAPIDocument, props: dict[str, Any], where: str) -> str | None:
    arrays = [k for k, v in props.items() if _is_array(doc, v, child(where, "properties", k))]
    if len(arrays) == 1:
        return arrays[0]
    return next((name for name in _ITEMS if name in arrays), None)


def _field(
    doc: OpenAPIDocument, props: dict[str, Any], names: tuple[str, ...], where: str
) -> str | None:
    """The first of ``names`` in the envelope, or one level down in a metadata object
    (``meta.next_cursor``), as a dotted path."""
    for name in names:
        if name in props:
            return name
    for meta in _META:
        if meta in props:
            inner = _props(doc, props[meta], child(where, "properties", meta))
            for name in names:
                if name in inner:
                    return f"{meta}.{name}"
    return None


def detect(doc: OpenAPIDocument, op: Operation, success: Success) -> Pagination | None:
    """The pagination of a method without ``paginate:``, or None (see the module docstring)."""
    if op.method != "get" or success.kind != "json" or success.schema is None:
        return None
    props = _props(doc, success.schema, success.where)
    items = _items_field(doc, props, success.where)
    if items is None:
        return None
    query = [p.name for p in op.parameters if p.location == "query"]
    if "next" in props and items == "results":
        return Pagination("next_link", items)
    info = _props(
        doc, props.get("page_info") or {}, child(success.where, "properties", "page_info")
    )
    if "page" in info and "total_page" in info:
        return Pagination("page_info", items)
    cursor_param = next((name for name in _CURSOR_PARAMS if name in query), None)
    cursor_field = _field(doc, props, _CURSOR_FIELDS, success.where)
    if cursor_param and cursor_field:
        has_more = _field(doc, props, _HAS_MORE, success.where) or ""
        return Pagination("cursor", items, cursor_field=cursor_field, cursor_param=cursor_param,
                          has_more_field=has_more)  # fmt: skip
    offset_param = next((name for name in _OFFSET_PARAMS if name in query), None)
    if offset_param:
        limit = next((name for name in _LIMIT_PARAMS if name in query), "")
        total = _field(doc, props, _TOTAL_FIELDS, success.where) or ""
        return Pagination("offset", items, offset_param=offset_param, limit_param=limit,
                          total_field=total)  # fmt: skip
    return None


def page_of(
    doc: OpenAPIDocument,
    names: PackageNames,
    pagination: Pagination,
    success: Success,
    method: MethodSpec,
    sdk: Path,
) -> tuple[PageStyle | None, types.TypeNode | None]:
    """(runtime style, item type) of a method's pagination; ``(None, None)`` when a detected
    one does not fit the runtime (the method then returns the plain response). A configured one
    that does not fit is an error at its sdk.yaml key."""
    configured = method.paginate is not None
    at = f"{method.where}/paginate"

    def refuse(message: str, key: str) -> tuple[None, None]:
        if configured:
            raise SpecpressError(message, file=sdk, location=f"{at}/{key}")
        return None, None

    style = PAGE_STYLES.get(pagination.style)
    if style is None:
        return refuse(f"pagination style {pagination.style!r} has no runtime module", "style")
    props = _props(doc, success.schema or {}, success.where)
    items = props.get(pagination.items)
    where = child(success.where, "properties", pagination.items)
    if items is None or not _is_array(doc, items, where):
        return refuse(
            f"paginate.items {pagination.items!r}: the response has no array under that key",
            "items",
        )
    if not style.configurable and pagination.items != style.items_field:
        return refuse(
            f"{style.name} pages read their items from {style.items_field!r}, "
            f"not {pagination.items!r}",
            "items",
        )
    resolved = doc.resolve(items, where)
    item = types.schema_type(
        doc, names, resolved.get("items") or {}, child(where, "items"), for_input=False
    )
    return page_style(pagination), item
