"""A side of the diff: an OpenAPI 3.x document read in the document layer's fast mode.

Reading, the alias and size policy and `$ref` following are `specpress.openapi`'s (`load`,
`refs.Resolver`); here the diff only says what it accepts: a mapping with `openapi: 3.x` whose
`paths`, `components` and `webhooks` are mappings. The result stays a plain mapping (callers
index it like any loaded document) that remembers its file, so that `refs.Resolver` follows its
relative file refs inside its tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specpress.errors import SpecpressError
from specpress.openapi.load import read_plain


class Document(dict[str, Any]):
    """A loaded OpenAPI document (plain data) that knows the file it was read from."""

    source: Path | None = None


def load_document(path: str | Path) -> Document:
    """Read an OpenAPI 3.x document (YAML or JSON); every failure is a SpecpressError."""
    path = Path(path)
    if path.is_dir():
        raise SpecpressError("is a directory, expected an OpenAPI document", file=path)
    data = read_plain(path)
    if not isinstance(data, dict):
        raise SpecpressError("not an OpenAPI document: the top level is not a mapping", file=path)
    version = data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        hint = " (Swagger 2.0 is not supported)" if "swagger" in data else ""
        raise SpecpressError(
            f"not an OpenAPI 3.x document: no `openapi: 3.x` field{hint}",
            file=path,
            location="/openapi",
        )
    for key in ("paths", "components", "webhooks"):
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise SpecpressError(f"`{key}` must be a mapping", file=path, location=f"/{key}")
    doc = Document(data)
    doc.source = path
    return doc
