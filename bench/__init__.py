"""Side-by-side benchmark harness: ``python -m bench.run`` (``nox -s bench``). Not a test."""
