"""The package index: does it list a version already? (PEP 503 simple pages.)

An index never takes the same version twice, so `release --repository-url` and `publish` ask
first and refuse with the files it already has.
"""

from __future__ import annotations

import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request

from specpress.errors import SpecpressError


def normalize_dist(name: str) -> str:
    """PEP 503 normalized project name (the simple-index path component)."""
    return re.sub(r"[-_.]+", "-", name).lower()


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href") or ""
            name = urllib.parse.unquote(urllib.parse.urlsplit(href).path.rsplit("/", 1)[-1])
            if name:
                self.files.append(name)


def simple_url(repository_url: str) -> str:
    """The simple index that belongs to an upload URL (PyPI and TestPyPI mapped; else /simple/)."""
    parts = urllib.parse.urlsplit(repository_url)
    if parts.username or parts.password:
        raise SpecpressError(
            "credentials in the repository URL are refused; set TWINE_USERNAME/TWINE_PASSWORD"
        )
    known = {"upload.pypi.org": "pypi.org", "test.pypi.org": "test.pypi.org"}
    if parts.hostname in known:
        return f"https://{known[parts.hostname]}/simple/"
    path = parts.path.rstrip("/")
    path = path.removesuffix("/legacy")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{path}/simple/", "", ""))


def index_files(index_url: str, dist: str, timeout: float = 10.0) -> list[str]:
    """File names the index lists for `dist` (empty when the project is unknown there)."""
    url = f"{index_url.rstrip('/')}/{normalize_dist(dist)}/"
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return []
        raise SpecpressError(f"index answered {exc.code} for {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise SpecpressError(f"cannot reach the index at {url}: {exc}") from None
    parser = _Links()
    parser.feed(body)
    return parser.files


def version_on_index(index_url: str, dist: str, version: str) -> list[str]:
    """The files of `dist` `version` the index already has."""
    stem = re.sub(r"[-_.]+", "_", dist).lower()
    hits = []
    for name in index_files(index_url, dist):
        lowered = re.sub(r"[-_.]+", "_", name.lower().split(f"-{version}", 1)[0])
        if lowered == stem and (
            name.lower().endswith((f"-{version}.tar.gz", f"-{version}.zip"))
            or f"-{version}-" in name
        ):
            hits.append(name)
    return hits


def refuse_if_published(repository_url: str, dist: str, version: str) -> None:
    index = simple_url(repository_url)
    hits = version_on_index(index, dist, version)
    if hits:
        raise SpecpressError(
            f"refusing: {dist} {version} already exists on {index} ({', '.join(sorted(hits))}); "
            "an index never takes the same version twice, release a new version"
        )
