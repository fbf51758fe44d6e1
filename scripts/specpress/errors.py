"""One error type for every bad input, so the CLI can print one clear line and exit non-zero."""

from __future__ import annotations

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
