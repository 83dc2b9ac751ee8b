"""The kernel's tests borrow the booking tests' running server and its database."""

from tests.booking.conftest import served_database  # noqa: F401 (a fixture)
