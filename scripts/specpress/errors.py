"""One error type for every bad input, so the CLI can print one clear line and exit non-zero."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class SpecpressError(Exception):
    """A user-facing failure: names the file and the location inside it (a JSON Pointer or line)."""

    def __init__(
        self, message: str, *, file: str | Path | None = None, location: str | None = None
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.location = location
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.location:
                where += f":{self.location}"
            where += ": "
        elif self.location:
            where = f"{self.location}: "
        return f"{where}{self.message}"

    def lines(self) -> list[str]:
        """The error as the CLI prints it: one line per defect."""
        return [self.render()]

    def relative_to(self, root: Path) -> SpecpressError:
        """The error naming its file relative to the repository root, as the user knows it
        (never a machine-specific absolute path); a file outside the root keeps its path. Not
        resolved: a symlink is named as the link the user made."""
        path = Path(self.file) if self.file is not None else None
        if path is None or not path.is_absolute() or not path.is_relative_to(root):
            return self
        relative = path.relative_to(root).as_posix()
        return SpecpressError(self.message, file=relative, location=self.location)


class SpecpressErrors(SpecpressError):
    """Several independent defects of one input, reported at once (one line each).

    Its own message, file and location are the first defect's, so a caller that reports one
    line still names a real defect."""

    def __init__(self, errors: Sequence[SpecpressError]) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(first.message, file=first.file, location=first.location)

    def render(self) -> str:
        return "\n".join(error.render() for error in self.errors)

    def lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]

    def relative_to(self, root: Path) -> SpecpressError:
        return SpecpressErrors([error.relative_to(root) for error in self.errors])
