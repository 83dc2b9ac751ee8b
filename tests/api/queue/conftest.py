"""The queue API's tests use the queue tests' fixtures (tests/queue/conftest.py)."""

from tests.queue.conftest import *  # noqa: F401,F403
