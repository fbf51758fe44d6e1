"""The pagination styles a package can use: which runtime module ships each, and its classes.

This table is the one place that knows a style's classes. The resource template, ``api.md``, the
README, the ``names.modules`` re-exports and the reserved class names all read it, and a package
ships the runtime module of a style only when one of its methods uses that style (see
``templates/runtime/_pagination.py`` for what every style shares).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from specpress.config.model import Pagination

__all__ = [
    "BASE_MODULE",
    "BASE_PAGE_CLASSES",
    "PAGE_STYLES",
    "PageStyle",
    "page_class_sources",
    "page_style",
    "used_styles",
]

#: The runtime module every paginated package ships (page bases, the async paginator).
BASE_MODULE = "_pagination"
#: Classes of the base module a ``names.modules`` entry may re-export.
BASE_PAGE_CLASSES = ("AsyncPaginator",)


@dataclass(frozen=True)
class PageStyle:
    """One ``paginate.style`` of sdk.yaml and the runtime classes that read its envelope.

    A style with fixed envelope names is used as ``Page[Item]``. A ``configurable`` one takes the
    API's names: the method builds its class with ``Page.of(Item, items=..., <option>=...)``,
    one keyword per ``options`` entry, each filled from the ``Pagination`` attribute of the same
    name when sdk.yaml (or detection) sets it, else the runtime default. ``page_style()`` binds
    a method's values (``items_field``, ``arguments``), which do not take part in equality: one
    style is one set of imports, whatever names its methods use.
    """

    name: str
    module: str  # runtime module (``templates/runtime/<module>.py``)
    sync_class: str
    async_class: str
    items_field: str = field(compare=False)  # the envelope's list of items
    meta_fields: tuple[str, ...] = ()  # the envelope's page metadata, shown in the README example
    extra_classes: tuple[str, ...] = ()  # other public classes of the module
    configurable: bool = False  # built per method with ``of()`` (the API's names)
    options: tuple[str, ...] = ()  # ``of()`` keywords besides ``items``
    #: ``of()`` keyword arguments of one method (``items`` first), set by ``page_style()``.
    arguments: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def classes(self) -> tuple[str, ...]:
        """Every class of the module a ``names.modules`` entry may re-export."""
        return (self.sync_class, self.async_class, *self.extra_classes)


PAGE_STYLES: dict[str, PageStyle] = {
    style.name: style
    for style in (
        PageStyle(
            name="next_link",
            module="_page_next_link",
            sync_class="NextLinkPage",
            async_class="AsyncNextLinkPage",
            items_field="results",
            meta_fields=("count", "next"),
        ),
        PageStyle(
            name="page_info",
            module="_page_info",
            sync_class="PageInfoPage",
            async_class="AsyncPageInfoPage",
            items_field="data",
            meta_fields=("page_info",),
            extra_classes=("PageInfo",),
        ),
        PageStyle(
            name="cursor",
            module="_page_cursor",
            sync_class="CursorPage",
            async_class="AsyncCursorPage",
            items_field="data",
            configurable=True,
            options=("cursor_field", "cursor_param", "has_more_field"),
        ),
        PageStyle(
            name="offset",
            module="_page_offset",
            sync_class="OffsetPage",
            async_class="AsyncOffsetPage",
            items_field="data",
            configurable=True,
            options=("offset_param", "total_field"),
        ),
    )
}


def page_style(pagination: Pagination) -> PageStyle:
    """The style of one method's ``paginate`` with that method's names bound: its items field
    and, for a configurable style, the ``of()`` arguments (``items`` and each option the
    ``Pagination`` sets: a non-empty string attribute of the option's name)."""
    style = PAGE_STYLES[pagination.style]
    if not style.configurable:
        return style
    arguments = [("items", pagination.items)]
    for option in style.options:
        value = getattr(pagination, option, None)
        if isinstance(value, str) and value:
            arguments.append((option, value))
    return replace(style, items_field=pagination.items, arguments=tuple(arguments))


def used_styles(names: Iterable[str]) -> list[PageStyle]:
    """The styles named (by sdk.yaml methods), once each, in table order."""
    wanted = set(names)
    return [style for name, style in PAGE_STYLES.items() if name in wanted]


def page_class_sources(styles: list[PageStyle]) -> dict[str, str]:
    """Page class name -> the runtime module defining it, for the given styles (and the base)."""
    sources = dict.fromkeys(BASE_PAGE_CLASSES, BASE_MODULE) if styles else {}
    for style in styles:
        sources.update(dict.fromkeys(style.classes, style.module))
    return sources
