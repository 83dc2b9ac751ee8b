"""Each notice is made exactly once: rerun, crash and resume, concurrent runs, catch-up."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from madoguchi.notices.finders import FINDERS
from madoguchi.notices.models import BatchRun, Notice
from madoguchi.notices.services.batch import run_batch

DAY = date(2027, 4, 8)  # certificates expiring 2027-07-07 open their renewal window


@pytest.fixture
def due_certificates(make_card):
    return [make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 7), name=f"小金 {i}郎") for i in range(12)]


@pytest.mark.django_db
def test_a_rerun_makes_nothing_new(due_certificates):
    first = run_batch(DAY)
    assert first.created["certificate-renewal-window"] == 12
    second = run_batch(DAY)
    assert second.total_created == 0
    assert Notice.objects.filter(kind="certificate-renewal-window").count() == 12


@pytest.mark.django_db
def test_a_dry_run_changes_nothing(due_certificates):
    report = run_batch(DAY, dry_run=True)
    assert report.proposed["certificate-renewal-window"] == 12
    assert not Notice.objects.exists() and not BatchRun.objects.exists()


class Crash(Exception):
    pass


def crashing_after(n: int):
    """The real finder, with the process dying after `n` drafts (as a kill would)."""

    def finder(day, kind, m):
        for i, draft in enumerate(FINDERS[kind.id](day, kind, m)):
            if i == n:
                raise Crash
            yield draft

    return finder


@pytest.mark.django_db
def test_a_crashed_run_resumes_without_duplicates(due_certificates, monkeypatch):
    monkeypatch.setattr("madoguchi.notices.services.batch.INSERT_BATCH", 5)
    finders = {**FINDERS, "certificate-renewal-window": crashing_after(7)}
    with pytest.raises(Crash):
        run_batch(DAY, finders=finders)
    assert Notice.objects.count() == 5  # the first committed batch of five
    assert not BatchRun.objects.filter(day=DAY).exists()  # the day is not done
    run_batch(DAY)
    assert Notice.objects.filter(kind="certificate-renewal-window").count() == 12
    assert BatchRun.objects.filter(day=DAY).exists()


@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_make_each_notice_once(due_certificates):
    errors: list[BaseException] = []

    def run():
        try:
            run_batch(DAY)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Notice.objects.filter(kind="certificate-renewal-window").count() == 12
    assert BatchRun.objects.filter(day=DAY).count() == 1


@pytest.mark.django_db
def test_missed_days_are_caught_up(make_card):
    make_card(expires=date(2030, 1, 10), cert_expires=date(2027, 7, 8))  # window opens 2027-04-09
    run_batch(date(2027, 4, 7))
    report = run_batch(date(2027, 4, 10))  # the batch did not run on the 8th and 9th
    assert report.days == [date(2027, 4, 8), date(2027, 4, 9), date(2027, 4, 10)]
    notice = Notice.objects.get(kind="certificate-renewal-window")
    assert notice.due_on == date(2027, 4, 9)
