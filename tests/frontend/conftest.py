"""Fixtures of the web interface tests (the shared ones live in tests/conftest.py)."""
