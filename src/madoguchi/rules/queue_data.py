"""A city's queue data (data/<city>/queue.yaml), read and checked like the rest of its files.

Groups give the letter of a ticket number (「A-012」) to a set of procedures;
`minutes` are the typical minutes at the counter per procedure (FACTS.md §10,
starting values until the city's own cases measure them); `windows` are the
windows an office starts with (supervisors change them afterwards, in the
database); `settings` are the call order's grace and lateness.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .catalog import Catalog
from .datafile import Node, read_yaml
from .loader import city_folder, load_municipality
from .queue_order import OrderSettings
from .text import Text

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q: said aloud they pass for 1, 0 and 9


@dataclass(frozen=True)
class Group:
    letter: str
    name: Text
    procedures: tuple[str, ...]


@dataclass(frozen=True)
class DefaultWindow:
    office: str
    number: int
    procedures: frozenset[str]


@dataclass(frozen=True)
class QueueData:
    groups: tuple[Group, ...]
    minutes: dict[str, int]  # procedure id -> typical minutes at the counter
    windows: tuple[DefaultWindow, ...]
    order: OrderSettings
    display_next: int  # how many waiting numbers the lobby display shows
    mail_when_ahead: int = 3  # a resident who gave a mail address is told when this many are ahead

    def group_of(self, procedure_id: str) -> Group | None:
        for group in self.groups:
            if procedure_id in group.procedures:
                return group
        return None

    def procedures(self) -> tuple[str, ...]:
        return tuple(p for g in self.groups for p in g.procedures)


@functools.lru_cache(maxsize=8)
def load_queue_data(city: str) -> QueueData:
    municipality = load_municipality(city)
    city_dir = city_folder(city)
    node = read_yaml(city_dir / "queue.yaml", f"{city_dir.name}/queue.yaml")
    return _read(node, municipality.catalog, {o.id for o in municipality.city.offices})


def _read(node: Node, catalog: Catalog, offices: set[str]) -> QueueData:
    node.check_keys({"settings", "groups", "minutes", "windows"})
    s = node.get("settings")
    s.check_keys({"grace_minutes", "late_minutes", "display_next", "mail_when_ahead"})
    order = OrderSettings(grace_minutes=s.get("grace_minutes").int(minimum=0), late_minutes=s.get("late_minutes").int(minimum=0))
    groups: list[Group] = []
    seen: dict[str, str] = {}
    for g in node.get("groups").items():
        g.check_keys({"letter", "name", "procedures"})
        letter = g.get("letter").str()
        if len(letter) != 1 or letter not in LETTERS:
            raise g.get("letter").fail(f"must be one capital letter among {LETTERS} (no I, O or Q)")
        if any(x.letter == letter for x in groups):
            raise g.get("letter").fail(f"letter {letter} is used by another group")
        procedures = []
        for p in g.get("procedures").items():
            pid = p.str()
            if pid not in catalog.procedures:
                raise p.fail(f"unknown procedure {pid!r}; use an id from procedures.yaml")
            if pid in seen:
                raise p.fail(f"{pid} is already in group {seen[pid]}; a procedure belongs to one group")
            seen[pid] = letter
            procedures.append(pid)
        if not procedures:
            raise g.get("procedures").fail("must list at least one procedure")
        groups.append(Group(letter, g.get("name").text(), tuple(procedures)))
    minutes: dict[str, int] = {}
    for pid, m in node.get("minutes").mapping().items():
        if pid not in seen:
            raise m.fail("is not a procedure of any group; add it to a group or remove it")
        minutes[pid] = m.int(minimum=1)
    missing = [p for p in seen if p not in minutes]
    if missing:
        raise node.get("minutes").fail(f"lacks the typical minutes of {', '.join(missing)}")
    windows: list[DefaultWindow] = []
    for w in node.get("windows").items():
        w.check_keys({"office", "number", "procedures"})
        office = w.get("office").str()
        if office not in offices:
            raise w.get("office").fail(f"unknown office {office!r}; use an id from city.yaml")
        number = w.get("number").int(minimum=1)
        if any(x.office == office and x.number == number for x in windows):
            raise w.get("number").fail(f"window {number} of {office} is listed twice")
        serves = []
        for p in w.get("procedures").items():
            if p.str() not in seen:
                raise p.fail(f"{p.str()!r} is not a procedure of any group")
            serves.append(p.str())
        windows.append(DefaultWindow(office, number, frozenset(serves)))
    return QueueData(tuple(groups), minutes, tuple(windows), order, s.get("display_next").int(minimum=1),
                     s.get("mail_when_ahead", 3).int(minimum=1))
