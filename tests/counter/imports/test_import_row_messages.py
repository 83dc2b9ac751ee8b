"""Every row-level message of the import, with --skip-bad, beside good rows stored by
the bulk writer (COPY on PostgreSQL, executemany on SQLite): each bad row reported by
its row, column and words, the good ones stored with the My Number encrypted, and the
rows that clash with what the database already holds found in a second file."""

from __future__ import annotations

import pytest
from django.db import connection

from madoguchi.counter.imports.columns import say
from madoguchi.counter.models import Card, Resident

from .test_import_checks import run
from .test_import_residents import BAD, GOOD

pytestmark = pytest.mark.django_db


def reported(err: str) -> dict[int, list[str]]:
    """The command's problem lines by row: "row 3, sex: ja / en" -> {3: ["sex: ja / en"]}."""
    rows: dict[int, list[str]] = {}
    for line in err.splitlines():
        if line.startswith("row "):
            number, _, rest = line[4:].partition(", ")
            rows.setdefault(int(number), []).append(rest)
    return rows


def test_every_bad_row_keeps_its_message_beside_rows_the_bulk_writer_stores(tmp_path):
    bad = [{**GOOD[1], "register_id": f"2000{i:02d}", "card_serial": f"BB{i:04d}", **change} for i, (change, _, _) in enumerate(BAD)]
    out, err, failure = run(tmp_path, [GOOD[0], *bad, GOOD[1]], "--skip-bad")
    assert failure is None, err
    assert f"imported 2 of {len(BAD) + 2} rows; skipped {len(BAD)}." in out
    problems = reported(err)
    assert sorted(problems) == list(range(2, len(BAD) + 2))
    for row, (_, column, says) in enumerate(BAD, start=2):
        assert len(problems[row]) == 1 and problems[row][0].startswith(f"{column}: ") and says in problems[row][0], problems[row]
    assert "123456789010" not in err and "123456789018" not in err
    assert sorted(Resident.objects.values_list("register_id", flat=True)) == ["100001", "100002"]
    with connection.cursor() as cur:  # at rest, the number is ciphertext only
        cur.execute("SELECT my_number FROM counter_resident WHERE register_id = %s", ["100001"])
        stored = cur.fetchone()[0]
    assert stored.startswith("v1:") and "123456789018" not in stored
    assert Resident.objects.get(register_id="100001").my_number == "123456789018"
    assert Card.objects.count() == 2


def test_rows_clashing_with_the_stored_register_are_each_named(tmp_path):
    _, err, failure = run(tmp_path, GOOD)
    assert failure is None, err
    clashes = [
        {**GOOD[1], "register_id": "100003", "card_serial": GOOD[0]["card_serial"]},  # a card already stored
        {**GOOD[1], "register_id": "100004", "card_serial": "CC1", "my_number": GOOD[0]["my_number"]},  # a number already stored
        {**GOOD[1], "card_serial": "CC2"},  # a resident already stored
        {**GOOD[1], "register_id": "100005", "card_serial": "CC3"},
    ]
    out, err, failure = run(tmp_path, clashes, "--skip-bad")
    assert failure is None, err
    assert reported(err) == {
        1: [f"card_serial: {say('serial_exists').ja} / {say('serial_exists').en}"],
        2: [f"my_number: {say('number_exists').ja} / {say('number_exists').en}"],
        3: [f"register_id: {say('exists').ja} / {say('exists').en}"],
    }
    assert "imported 1 of 4 rows; skipped 3." in out
    assert GOOD[0]["my_number"] not in err
    assert sorted(Resident.objects.values_list("register_id", flat=True)) == ["100001", "100002", "100005"]


def test_a_key_given_twice_in_the_file_names_the_row_it_first_appeared_in(tmp_path):
    """Within one batch and across batches (rows are checked 500 at a time), the later row is the
    duplicate and the message names the first; the first is stored with --skip-bad."""
    fillers = [{**GOOD[1], "register_id": f"4{i:05d}", "card_serial": f"FF{i:05d}"} for i in range(600)]
    twice = [
        {**GOOD[1], "card_serial": "DD1"},  # row 603: GOOD[1]'s register id again
        {**GOOD[1], "register_id": "100009", "card_serial": GOOD[0]["card_serial"]},  # row 605: GOOD[0]'s card
        {**GOOD[1], "register_id": "100010", "card_serial": "DD2", "my_number": GOOD[0]["my_number"]},  # row 605
        {**fillers[3], "register_id": "100011"},  # row 606: the card of row 6, in an earlier batch
    ]
    out, err, failure = run(tmp_path, [GOOD[0], GOOD[1], *fillers, *twice], "--skip-bad")
    assert failure is None, err
    duplicate = lambda what, row: say("duplicate", what=say(f"label.{what}"), row=row)  # noqa: E731
    assert reported(err) == {
        603: [f"register_id: {duplicate('register_id', 2).ja} / {duplicate('register_id', 2).en}"],
        604: [f"card_serial: {duplicate('card_serial', 1).ja} / {duplicate('card_serial', 1).en}"],
        605: [f"my_number: {duplicate('my_number', 1).ja} / {duplicate('my_number', 1).en}"],
        606: [f"card_serial: {duplicate('card_serial', 6).ja} / {duplicate('card_serial', 6).en}"],
    }
    assert "imported 602 of 606 rows; skipped 4." in out
