"""The booking API's tests use the booking tests' fixtures (tests/booking/conftest.py)."""

from tests.booking.conftest import *  # noqa: F401,F403
