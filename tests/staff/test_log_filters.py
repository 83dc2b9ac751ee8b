"""No log line carries a My Number-like run of 12 digits, however it got there."""

from __future__ import annotations

import io
import logging

from madoguchi.staff.log_filters import REPLACEMENT, ScrubMyNumbers, scrub


def test_twelve_digit_runs_are_removed_however_written():
    for number in ("621498320257", "6214 9832 0257", "6214-9832-0257", "６２１４９８３２０２５７"):
        assert scrub(f"resident {number} looked up") == f"resident {REPLACEMENT} looked up"


def test_other_numbers_stay():
    line = "booking 1234 at 2026-12-01 10:00, phone 042-387-9837, serial 1234567890123"
    assert scrub(line) == line


def logged(fn) -> str:
    """What the project's console handler (with its filter) writes for one record."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(ScrubMyNumbers())
    logger = logging.getLogger("tests.staff.scrub")
    logger.addHandler(handler)
    try:
        fn(logger)
    finally:
        logger.removeHandler(handler)
    return out.getvalue()


def test_arguments_and_tracebacks_are_scrubbed():
    def boom(logger):
        try:
            raise ValueError("bad number 621498320257")
        except ValueError:
            logger.exception("while handling %s", "6214 9832 0257")

    text = logged(boom)
    assert "0257" not in text
    assert f"while handling {REPLACEMENT}" in text and f"ValueError: bad number {REPLACEMENT}" in text


def test_the_project_logging_installs_the_filter_on_every_handler():
    from django.conf import settings

    for name, handler in settings.LOGGING["handlers"].items():
        assert "scrub_my_numbers" in handler.get("filters", []), name
    console = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    assert any(isinstance(f, ScrubMyNumbers) for h in console for f in h.filters)
