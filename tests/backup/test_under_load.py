"""A backup taken while residents book and clerks record cases restores whole.

A real `madoguchi serve` (two workers) takes bookings from client threads and
a second process records cases through the counter's service, while
`madoguchi backup` runs. The backup is restored into a fresh database with
`madoguchi restore`, whose verify step passes; every booking confirmed (201
received) and every case committed before the backup started is in it. Then
the same restored database fails verification with a key it was not made
with, and with one audit row changed. On the engine the suite runs on.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time

import httpx
import pytest

from tests.booking.conftest import PROCEDURE
from tests.booking.served import Served

from .conftest import ENGINE, OTHER_KEY, env_for, execute, madoguchi, query, workload
from .workload import my_number

pytestmark = pytest.mark.slow
RESIDENTS = 300  # more than the verify's sample of 100, so the sample is spread
CLIENTS = 4


class Load:
    """Bookings through the server and cases through the service, each stamped when its
    confirmation arrived (time.monotonic())."""

    def __init__(self, served: Served, env: dict[str, str]):
        self.served, self.env = served, env
        self.bookings: list[tuple[float, str]] = []  # (when the 201 arrived, reference)
        self.cases: list[tuple[float, int]] = []  # (when "case <id>" was read, id)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.writer: subprocess.Popen | None = None

    def start(self) -> None:
        slots = httpx.get(f"{self.served.url}/api/v1/slots", params={"procedure": PROCEDURE, "from": "2026-11-24", "to": "2026-11-25"}).json()
        self.threads = [threading.Thread(target=self._client, args=(n, slots)) for n in range(CLIENTS)]
        self.writer = workload(self.env, "cases", stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.threads.append(threading.Thread(target=self._read_cases))
        for t in self.threads:
            t.start()
        deadline = time.monotonic() + 60
        while not (self.cases and self.bookings) and time.monotonic() < deadline and self.writer.poll() is None:
            time.sleep(0.1)  # both writers are under way

    def _client(self, n: int, slots: list[dict]) -> None:
        i = 0
        with httpx.Client(base_url=self.served.url, timeout=30) as http:
            while not self.stop.is_set():
                slot = slots[(n * 7 + i) % len(slots)]
                i += 1
                body = {"slot_id": slot["id"], "procedure": PROCEDURE, "name": f"控え 花子{n}", "name_kana": "ヒカエ ハナコ",
                        "phone": "090-0000-0000", "party_size": 1}  # fmt: skip
                try:
                    response = http.post("/api/v1/bookings", json=body)
                except httpx.HTTPError:
                    continue  # no answer, nothing promised
                if response.status_code == 201:
                    with self.lock:
                        self.bookings.append((time.monotonic(), response.json()["reference"]))

    def _read_cases(self) -> None:
        for line in self.writer.stdout:
            if line.startswith("case "):
                with self.lock:
                    self.cases.append((time.monotonic(), int(line.split()[1])))

    def finish(self) -> None:
        self.stop.set()
        self.writer.stdin.close()
        self.writer.wait(timeout=60)
        for t in self.threads:
            t.join(timeout=60)
        assert self.writer.returncode == 0, self.writer.stderr.read()[-2000:]

    def before(self, moment: float) -> tuple[set[str], set[int]]:
        return {ref for at, ref in self.bookings if at < moment}, {pk for at, pk in self.cases if at < moment}

    def between(self, start: float, end: float) -> int:
        return sum(1 for at, _ in self.bookings + self.cases if start <= at <= end)


@pytest.fixture(scope="module")
def backed_up_and_restored(scratch, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    source = scratch("source")
    env = env_for(source, data)
    served = Served(env, workers=1)
    workload(env, "prepare", str(RESIDENTS))
    served.start()
    load = Load(served, env)
    try:
        load.start()
        time.sleep(1.0)
        started = time.monotonic()
        backup = madoguchi(env, "backup", "--out", str(data / "backups"))
        ended = time.monotonic()
        time.sleep(0.3)
    finally:
        load.finish()
        served.stop()
    assert backup.returncode == 0, backup.stderr
    written = re.search(r"Backup written: (\S+) \(", backup.stdout).group(1)
    target = scratch("restored")
    restore = madoguchi(env_for(target, data), "restore", written, "--into", target, "--yes")
    return {"load": load, "started": started, "ended": ended, "backup": backup, "file": written, "restore": restore,
            "target": target, "data": data}  # fmt: skip


def test_a_backup_under_load_restores_every_confirmed_booking_and_case(backed_up_and_restored):
    run = backed_up_and_restored
    load: Load = run["load"]
    assert load.between(run["started"], run["ended"]) > 0, "bookings and cases should go on while the backup runs"
    assert f"madoguchi-{ENGINE}-" in run["file"] and "keys" in run["backup"].stdout

    restore = run["restore"]
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert "Verification passed" in restore.stdout and "✗" not in restore.stdout
    assert "My Numbers: all 100 sampled decrypted" in restore.stdout

    bookings, cases = load.before(run["started"])
    assert bookings and cases, "the load should have confirmed bookings and cases before the backup"
    restored_bookings = dict(query(run["target"], "SELECT reference, status FROM booking_booking"))
    assert bookings <= set(restored_bookings), bookings - set(restored_bookings)
    assert {restored_bookings[ref] for ref in bookings} == {"confirmed"}
    restored_cases = {pk for (pk,) in query(run["target"], "SELECT id FROM counter_case")}
    assert cases <= restored_cases, cases - restored_cases

    manifest = json.loads(open(run["file"] + ".manifest.json", encoding="utf-8").read())
    assert manifest["engine"] == ENGINE and manifest["keys_included"] is False
    assert manifest["rows"]["booking.booking"] == len(restored_bookings)
    assert manifest["rows"]["counter.case"] == len(restored_cases)
    assert manifest["rows"]["counter.resident"] == RESIDENTS


def test_the_restored_database_fails_verification_with_a_wrong_key_or_a_changed_audit_row(backed_up_and_restored):
    run = backed_up_and_restored
    target, data, file = run["target"], run["data"], run["file"]
    numbers = {my_number(n) for n in range(RESIDENTS)}

    wrong = madoguchi(env_for(target, data, MADOGUCHI_ENCRYPTION_KEY=OTHER_KEY), "verify-backup", file, "--database", target)
    said = wrong.stdout + wrong.stderr
    assert wrong.returncode == 1, said
    assert "MADOGUCHI_ENCRYPTION_KEY" in said and "do not decrypt" in said and "Verification failed" in wrong.stderr
    assert not any(n in said for n in numbers) and not re.search(r"\d{12}", said)

    # The verify runs above read numbers (or tried to): each left a system entry with its reason.
    entries = query(target, "SELECT actor, action, subject_type, reason, detail FROM audit_auditentry WHERE subject_type = 'my-number-sample'")
    assert len(entries) >= 2 and {e[:3] for e in entries} == {("system", "read", "my-number-sample")}
    assert all("backup verification" in e[3] and not re.search(r"\d{12}", str(e[4])) for e in entries)

    # An audit row changed: the append-only triggers stand down only with the purge switch on.
    ids = [pk for (pk,) in query(target, "SELECT id FROM audit_auditentry ORDER BY id")]
    middle = ids[len(ids) // 2]
    execute(target, "INSERT INTO audit_purge_permit (id) VALUES (1)",
            f"UPDATE audit_auditentry SET reason = 'nothing to see' WHERE id = {middle}",
            "DELETE FROM audit_purge_permit")  # fmt: skip
    tampered = madoguchi(env_for(target, data), "verify-backup", file, "--database", target)
    assert tampered.returncode == 1
    assert f"the chain breaks at entry {middle}" in tampered.stdout and "was changed" in tampered.stdout
