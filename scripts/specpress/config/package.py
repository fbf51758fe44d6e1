"""`package.dist` and `package.version` of `specs/<api>/sdk.yaml`: what release and vendor read
and write, from a file whose other parts may be absent."""

from __future__ import annotations

from pathlib import Path

from specpress.config.model import PackageInfo
from specpress.config.reader import read_sdk_yaml
from specpress.errors import SpecpressError

__all__ = ["package_info", "set_version"]


def package_info(path: Path) -> PackageInfo:
    """`package.dist` and `package.version` of an sdk.yaml whose other parts may be absent
    (None when unset; a missing file is an error)."""
    data = read_sdk_yaml(path)
    package = data.get("package") if isinstance(data, dict) else None

    def field(key: str) -> str | None:
        value = package.get(key) if isinstance(package, dict) else None
        return value if isinstance(value, str) and value else None

    return PackageInfo(path, field("dist"), field("version"))


def set_version(path: Path, version: str) -> str:
    """The sdk.yaml text with `package.version` replaced (round trip: only that line moves)."""
    from specpress.openapi.load import read_roundtrip

    document = read_roundtrip(path)
    package = document.data.get("package") if isinstance(document.data, dict) else None
    if not isinstance(package, dict):
        raise SpecpressError("no `package:` mapping in the settings", file=path)
    if "version" in package and not isinstance(package["version"], str):
        message = "package.version is not a string"
        raise SpecpressError(message, file=path, location="/package/version")
    if "version" in package:
        package["version"] = version
    else:  # the default 0.1.0 was used: the version goes after the names
        keys = list(package)
        position = max((keys.index(k) + 1 for k in ("dist", "import_name") if k in keys), default=0)
        package.insert(position, "version", version)  # type: ignore[attr-defined]
    return document.dump()
