"""specpress: vendored, patched OpenAPI documents in; typed, tested, published clients out."""

__version__ = "0.1.0"
