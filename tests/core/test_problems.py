"""The one base error: what it carries, how it reads in each language, and which database errors mean "busy"."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError

from madoguchi.core import clock
from madoguchi.core.problems import ProblemError, busy, from_rules_input, is_overload, retry_at
from madoguchi.rules.messages import input_error
from madoguchi.rules.text import Text


def test_a_problem_by_catalog_key_reads_in_each_language_with_its_params():
    error = ProblemError("date_out_of_range", key="problem.date_out_of_range", params={"field": "from"}, status=422, field="from")
    assert "（from）" in error.message("ja") and "The date (from)" in error.message("en") and "日付" in error.message("easy")
    assert "日付《ひづけ》" in error.marked_message("easy")  # pages render the reading as ruby; the API gives plain text
    body = error.body("en")
    assert body == {"type": "about:blank", "title": "Unprocessable Content", "status": 422, "detail": error.message("en"),
                    "code": "date_out_of_range", "message": error.message("en"), "field": "from", "retry_after": None}


def test_a_problem_by_text_carries_its_extension_members():
    error = ProblemError("refused", Text("できません", "Cannot", "できません"), status=409, extra={"offers": ["card-pickup"]})
    assert error.body("en", question="q")["offers"] == ["card-pickup"] and error.body("en", question="q")["question"] == "q"
    assert str(error) == "refused: Cannot"


def test_a_problem_needs_exactly_one_of_text_and_key():
    with pytest.raises(TypeError):
        ProblemError("x")
    with pytest.raises(TypeError):
        ProblemError("x", Text("a", "b", "c"), key="problem.busy")


def test_a_rules_input_error_becomes_a_422_problem_on_its_field():
    error = from_rules_input(input_error("unknown_procedure", procedure_id="x"), "procedure")
    assert (error.status, error.code, error.field) == (422, "unknown_procedure", "procedure")
    assert error.message("ja") == "手続 'x' はありません。`madoguchi procedures` で一覧を確認してください。"
    assert error.marked_message("easy") == "手続《てつづ》き 'x'は ありません。`madoguchi procedures`で 一覧《いちらん》を 見《み》て ください。"
    assert error.message("easy") == "手続き 'x'は ありません。`madoguchi procedures`で 一覧を 見て ください。"


@pytest.mark.parametrize(("at", "expected"), [("10:00:00", "10:01"), ("10:00:30", "10:01"), ("10:29:59", "10:31")])
def test_try_again_at_is_rounded_up_so_it_is_never_already_past(at, expected):
    from datetime import datetime, time

    with clock.pinned(datetime.combine(datetime(2026, 11, 20).date(), time.fromisoformat(at), tzinfo=clock.TOKYO)):
        assert retry_at(30) == expected


def test_busy_is_a_503_with_retry_after(settings):
    settings.MADOGUCHI_RETRY_AFTER_SECONDS = 45
    with clock.pinned(clock.now().replace(hour=10, minute=0, second=0, microsecond=0)):
        error = busy()
    assert (error.status, error.code, error.retry_after) == (503, "busy", 45) and "10:01" in error.message("en")


class _Cause(Exception):
    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def _pg(sqlstate: str) -> OperationalError:
    error = OperationalError("canceling statement")
    error.__cause__ = _Cause(sqlstate)
    return error


@pytest.mark.parametrize("error", [
    _pg("55P03"), _pg("57014"), _pg("40P01"), _pg("40001"), _pg("53100"), _pg("53300"),
    OperationalError("database is locked"), OperationalError("database table is locked: booking_slot"),
    OperationalError("database or disk is full"),
])  # fmt: skip
def test_a_wait_that_hit_its_bound_or_a_server_short_of_resources_is_busy(error):
    assert is_overload(error)


@pytest.mark.parametrize("error", [
    _pg("23505"), IntegrityError("UNIQUE constraint failed"), DatabaseError("no such table: x"),
    ValueError("database is locked"),
])  # fmt: skip
def test_any_other_error_is_not_busy(error):
    assert not is_overload(error)
