"""Live screens: wait for a change of an office's line, on any process.

One interface, two sources:

- PostgreSQL: every service that changes a line sends `NOTIFY madoguchi_queue,
  '<office> <version>'` in its transaction (services/common.py `changed`), so
  the notification leaves at commit. Each serving process holds ONE listening
  connection (`Hub`), and wakes every screen it serves; a change made by any
  worker process reaches the screens of all of them.
- SQLite (and PostgreSQL while its listening connection is down): the hub
  reads the boards' versions every QUEUE_POLL_SECONDS, one query per process
  for all its screens.

The async side (`Hub`, `stream`) runs in the ASGI live server (docs/adr/0013);
`sync_stream` is the same events for the development server (`madoguchi run`),
which polls.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator

from django.conf import settings
from django.db import close_old_connections, connection

from .services.common import CHANNEL

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15  # a comment line now and then keeps proxies from closing the stream
RETRY_MS = 1000  # EventSource reconnects after this


def poll_seconds() -> float:
    return float(getattr(settings, "QUEUE_POLL_SECONDS", 0.25))


def event(name: str, version: int, data: dict) -> bytes:
    return f"retry: {RETRY_MS}\nid: {version}\nevent: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _versions(offices: list[str]) -> dict[str, int]:
    from .models import Board

    close_old_connections()
    try:
        return dict(Board.objects.filter(office_id__in=offices).values_list("office_id", "version"))
    finally:
        connection.close()  # an executor thread must not keep a connection open forever


class Hub:
    """This process's watcher of the offices' versions (one per event loop)."""

    def __init__(self) -> None:
        self.versions: dict[str, int] = {}
        self.watched: dict[str, int] = {}  # office -> screens watching it
        self.listening = False
        self._changed = asyncio.Event()
        self._task: asyncio.Task | None = None

    def _wake(self) -> None:
        event_, self._changed = self._changed, asyncio.Event()
        event_.set()

    def _set(self, office: str, version: int) -> None:
        # Any other number is news (a restored database counts from lower again).
        if version != self.versions.get(office):
            self.versions[office] = version
            self._wake()

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        tasks = [asyncio.create_task(self._poll())]
        if connection.vendor == "postgresql":
            tasks.append(asyncio.create_task(self._listen()))
        await asyncio.gather(*tasks)

    async def _poll(self) -> None:
        from asgiref.sync import sync_to_async

        read = sync_to_async(_versions, thread_sensitive=False)
        while True:
            # While PostgreSQL's notifications arrive, polling is only a safety net.
            await asyncio.sleep(5.0 if self.listening else poll_seconds())
            offices = [o for o, n in self.watched.items() if n > 0]
            if not offices:
                continue
            try:
                for office, version in (await read(offices)).items():
                    self._set(office, version)
            except Exception:  # the database is away: screens keep what they show, and retry
                log.warning("queue live: reading the boards failed", exc_info=True)

    async def _listen(self) -> None:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**params, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.listening = True
                    self._wake()  # screens re-read once: a change may have passed while not listening
                    async for note in conn.notifies():
                        office, _, version = note.payload.rpartition(" ")
                        if version.isdigit():
                            self._set(office, int(version))
            except Exception:
                log.warning("queue live: the LISTEN connection dropped; polling until it is back", exc_info=True)
            self.listening = False
            await asyncio.sleep(1.0)

    async def changes(self, office: str, seen: int | None) -> AsyncIterator[int | None]:
        """Yield the office's version each time it changes from `seen` (None: a heartbeat)."""
        self.start()
        self.watched[office] = self.watched.get(office, 0) + 1
        try:
            while True:
                current = self.versions.get(office)
                if current is not None and current != seen:
                    seen = current
                    yield current
                    continue
                try:
                    await asyncio.wait_for(self._changed.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield None
        finally:
            self.watched[office] -= 1


_hubs: dict[int, Hub] = {}


def hub() -> Hub:
    loop = asyncio.get_running_loop()
    if id(loop) not in _hubs:
        _hubs[id(loop)] = Hub()
    return _hubs[id(loop)]


# Events that many screens share (a lobby display's, the wait times' per language):
# (loop, share key) -> (version, the event being made or made). One screen renders
# it; the others on this event loop await the same future. Without this, each of
# 300 displays took its own hop to a worker thread and its own JSON encoding per
# call, and the last screen saw a call 1.4 s after it (bench/queue, 1 December 2026).
_shared: dict[tuple[int, str], tuple[int, asyncio.Future]] = {}


async def _event(version: int, make, share: str | None) -> tuple[bytes, dict]:
    async def made() -> tuple[bytes, dict]:
        name, data = await make(version)
        return event(name, version, data), data

    if share is None:
        return await made()
    key = (id(asyncio.get_running_loop()), share)
    hit = _shared.get(key)
    if hit is None or hit[0] != version or (hit[1].done() and (hit[1].cancelled() or hit[1].exception() is not None)):
        hit = _shared[key] = (version, asyncio.ensure_future(made()))
    return await asyncio.shield(hit[1])


async def stream(office: str, render: Callable[[int], tuple[str, dict]], version: int,
                 share: str | None = None) -> AsyncIterator[bytes]:
    """Server-sent events for one screen: the state now, then at each change.
    `share`: a key naming what every screen of that key shows alike (made once per version)."""
    from asgiref.sync import sync_to_async

    def fresh(version: int) -> tuple[str, dict]:
        close_old_connections()  # an executor thread's connection may have died (a database restart)
        return render(version)

    make = sync_to_async(fresh, thread_sensitive=False)
    body, data = await _event(version, make, share)
    yield body
    h = hub()
    h.versions.setdefault(office, version)
    async for changed in h.changes(office, version):
        if changed is None:
            yield b": heartbeat\n\n"
            continue
        body, data = await _event(changed, make, share)
        yield body
        if data.get("final"):
            return


def sync_stream(office: str, render: Callable[[int], tuple[str, dict]], version: int,
                read_version: Callable[[], int], seconds: float) -> Iterator[bytes]:
    """The same events for a threaded (WSGI) server, by polling, for at most `seconds`
    (then the browser reconnects): a thread is not held for ever."""
    name, data = render(version)
    yield event(name, version, data)
    end = time.monotonic() + seconds
    beat = time.monotonic() + HEARTBEAT_SECONDS
    while time.monotonic() < end and not data.get("final"):
        time.sleep(poll_seconds())
        current = read_version()
        if current != version:
            version = current
            name, data = render(version)
            yield event(name, version, data)
        elif time.monotonic() > beat:
            beat = time.monotonic() + HEARTBEAT_SECONDS
            yield b": heartbeat\n\n"
