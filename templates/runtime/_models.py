"""Base classes for the generated pydantic v2 models.

Forward compatibility, by design:

- ``BaseModel`` keeps unknown fields (``extra="allow"``) and accepts both wire names (aliases such
  as ``_id``) and Python names.
- ``OpenEnum[Literal["a", "b"]]`` is ``Union[Literal["a", "b"], str]``: known values type-check
  as the literal, an unknown value from a newer server is kept as a plain ``str`` instead of failing
  validation. We chose a plain union over a custom validator because mypy --strict, pyright and
  pydantic all understand it without plugins, and it costs nothing at validation time.
- ``UnknownVariant`` is the last member of every generated ``oneOf``/``anyOf`` union: a variant the
  package does not know becomes an explicit ``Unknown...`` model holding every field, never a
  wrong known class. ``variant_discriminator`` builds the callable discriminator that routes
  each value by its tag fields and sends unrecognised tags to that unknown model.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import pydantic
from pydantic import ConfigDict

if TYPE_CHECKING:
    from ._lenient import Deviation

__all__ = ["BaseModel", "OpenEnum", "UnknownVariant", "variant_discriminator"]

_E = TypeVar("_E", bound=str)

OpenEnum: TypeAlias = _E | str
"""``OpenEnum[Literal["a", "b"]]``: the known values, or any other string the server sends."""


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: unknown fields kept, aliases and field names accepted."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        protected_namespaces=(),
        defer_build=True,
    )

    def to_dict(self, *, by_alias: bool = True, exclude_unset: bool = True) -> dict[str, Any]:
        """The model as JSON-compatible data, with wire names (like the official SDKs).

        A leniently built model dumps its off-model values as they were sent, without pydantic's
        serializer warnings (its deviations were logged when it was parsed)."""
        return self.model_dump(
            mode="json", by_alias=by_alias, exclude_unset=exclude_unset, warnings=False
        )

    def to_json(self, *, indent: int | None = 2, by_alias: bool = True) -> str:
        return self.model_dump_json(
            indent=indent, by_alias=by_alias, exclude_unset=True, warnings=False
        )

    def model_deviations(self) -> list[Deviation]:
        """How the response this object came from deviated from the model, inside this object
        (empty when it validated strictly). Each item: operation, field path, expected, got."""
        from ._lenient import deviations_of

        return deviations_of(self)


class UnknownVariant(BaseModel):
    """Base of the explicit "unknown" member of a union: holds every field it was sent."""


def variant_discriminator(
    *fields: str, known: Collection[str], unknown: str = "unknown", separator: str = ":"
) -> pydantic.Discriminator:
    """A discriminator tagging each value ``separator.join(field values)`` (missing -> ``""``).

    A tag not in ``known`` maps to ``unknown``. Example for a union told apart by ``task_name``
    and ``category``::

        TaskData = Annotated[
            Union[
                Annotated[Transcription, Tag("transcription:")],
                Annotated[NsfwModeration, Tag("content-moderation:nsfw")],
                Annotated[UnknownTaskData, Tag("unknown")],
            ],
            variant_discriminator(
                "task_name", "category",
                known={"transcription:", "content-moderation:nsfw"},
            ),
        ]
    """
    known_tags = frozenset(known)

    def tag_of(value: Any) -> str:
        if isinstance(value, dict):
            parts = [value.get(name) for name in fields]
        else:
            parts = [getattr(value, name, None) for name in fields]
        tag = separator.join("" if part is None else str(part) for part in parts)
        return tag if tag in known_tags else unknown

    func: Callable[[Any], str] = tag_of
    return pydantic.Discriminator(func)
