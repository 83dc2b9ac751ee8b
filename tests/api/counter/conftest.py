"""The counter API's tests use the counter tests' fixtures (tests/counter/conftest.py)."""

from tests.counter.conftest import *  # noqa: F401,F403
