"""Tests of `specpress.diff`, one module per part of the package."""
