"""What a public Python API is made of: names mapped to members with their signatures."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One parameter: kind is positional-only, positional, keyword-only, *args or **kwargs."""

    name: str
    kind: str
    required: bool
    annotation: str | None


@dataclass(frozen=True)
class Member:
    """A public name: class, function, method, property, field or attribute."""

    kind: str
    params: tuple[Param, ...] = ()
    annotation: str | None = None
    required: bool = False

    def signature(self) -> str:
        parts = [f"{p.name}{'' if p.required else '=...'}" for p in self.params]
        ann = f" -> {self.annotation}" if self.annotation else ""
        return f"({', '.join(parts)}){ann}" if self.kind in ("function", "method") else ann


@dataclass(frozen=True)
class ApiChange:
    """One difference between two surfaces; `id` is a `python-*` rule of the diff rule table."""

    id: str
    name: str
    message: str


Surface = dict[str, Member]
