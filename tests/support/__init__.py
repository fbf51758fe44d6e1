"""Helpers shared by the test suites: ``mock_server`` (a scriptable loopback HTTP server),
``runtime_packages`` (rendered runtime packages with a test client)."""
