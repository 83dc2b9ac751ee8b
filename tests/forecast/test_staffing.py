"""Supervisors' staffing: a date beats its weekday, bad input changes nothing, every change audited;
the forecast's minutes available follow."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madoguchi.audit.models import AuditEntry
from madoguchi.forecast import capacity
from madoguchi.forecast.models import Staffing

pytestmark = pytest.mark.django_db

TUE, WED = date(2027, 2, 2), date(2027, 2, 3)


def test_a_date_beats_its_weekday_and_minutes_follow(now):
    before = capacity.minutes_available("citizen-division", ["card-pickup"], TUE, WED)["card-pickup"]
    call_command("set_staffing", "--office", "citizen-division", "--weekday", "1", "--clerks", "10", "--by", "suzuki")
    call_command("set_staffing", "--office", "citizen-division", "--day", "2027-02-03", "--clerks", "0", "--by", "suzuki")
    assert capacity.clerks_per_day("citizen-division", TUE, WED, default=5) == {TUE: 10, WED: 0}
    after = capacity.minutes_available("citizen-division", ["card-pickup"], TUE, WED)["card-pickup"]
    assert after[TUE] == pytest.approx(before[TUE] * 2) and WED not in after  # 10 clerks for the 5 windows; none on Wednesday
    assert AuditEntry.objects.filter(subject_type="staffing").count() == 2


@pytest.mark.parametrize("argv, says", [
    (["--office", "nowhere", "--weekday", "1", "--clerks", "3"], "no such office"),
    (["--office", "citizen-division", "--clerks", "3"], "either a weekday"),
    (["--office", "citizen-division", "--weekday", "7", "--clerks", "3"], "either a weekday"),
    (["--office", "citizen-division", "--weekday", "1", "--clerks", "99"], "from 0 to 50"),
])  # fmt: skip
def test_bad_input_says_what_and_changes_nothing(argv, says):
    with pytest.raises(CommandError, match=says):
        call_command("set_staffing", *argv, "--by", "suzuki")
    assert not Staffing.objects.exists() and not AuditEntry.objects.filter(subject_type="staffing").exists()
