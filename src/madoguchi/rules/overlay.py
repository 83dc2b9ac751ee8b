"""A city's procedures.yaml over the national catalog (ADR 0024).

data/national/procedures.yaml holds every procedure of the law: who may come,
what each must bring, processing, follow-ups. A city's procedures.yaml is an
overlay: `offers` (the ids it does) and `procedures` (per id, only the keys
that are the city's). A key the city gives replaces the national one, except
`sources` and `keywords`, which add the city's items before the national
ones. Any other key is the law's and may not be overridden; an unknown id, an
unoffered id and a key that is not the city's are refused where they stand.

The result is one node per offered procedure that the loader reads as it
reads a whole procedure: each key's node names the file it came from, so an
error points at the national file or at the city's, whichever holds the key.
"""

from __future__ import annotations

from typing import Any

from .datafile import MISSING, Node

# What a city may say about a national procedure.
OVERRIDABLE = ("name", "summary", "notes", "warnings", "fees", "bookable", "contacts", "sources", "keywords")
# Lists the city adds to rather than replaces: its own pages, its residents' words.
EXTENDED = ("sources", "keywords")
# What the national file may leave to the city: a value read on a city's page
# only (national files cite national sources) is given by each city that offers it.
CITY_SUPPLIED = ("fees", "sources")


class JoinedList(Node):
    """The city's items, then the national ones, each item naming its own file."""

    def __init__(self, city: Node, national: Node):
        super().__init__(list(city.value or []) + list(national.value or []), city.file, city.path)
        self.parts = (city, national)

    def items(self) -> list[Node]:
        return [item for part in self.parts for item in part.items()]


class OverlaidProcedure(Node):
    """A national procedure with the city's keys over it."""

    def __init__(self, national: Node, city: Node | None, city_file: str, city_path: str):
        over = city.value if city is not None else {}
        super().__init__({**national.value, **over}, national.file, national.path)
        self.national = national
        self.city = city if city is not None else Node({}, city_file, city_path)

    def get(self, key: str, default: Any = MISSING) -> Node:
        in_city, in_national = self.city.has(key), self.national.has(key)
        if key in EXTENDED and in_city:
            return JoinedList(self.city.get(key), self.national.get(key, []))
        if in_city:
            return self.city.get(key)
        if not in_national and default is MISSING and key in CITY_SUPPLIED:
            raise Node(None, self.city.file, f"{self.city.path}.{key}").fail(
                f"is required: {self.national.file} gives no {key} for {self.national.value.get('id')!r} "
                "(they were read on a city's own page only); give them here, citing your page"
            )
        return self.national.get(key, default)

    def check_keys(self, allowed: set[str]) -> None:
        self.national.check_keys(allowed)
        self.city.check_keys(allowed)


def overlay_procedures(national: Node, city: Node) -> tuple[list[Node], set[str]]:
    """The procedures `city` offers, in the national file's order, each an
    `OverlaidProcedure`; and the ids of every national procedure."""
    national.check_keys({"procedures", "groups"})
    city.check_keys({"offers", "procedures", "groups"})
    by_id: dict[str, Node] = {}
    for node in national.get("procedures").items():
        pid = node.get("id").str()
        if pid in by_id:
            raise node.get("id").fail(f"duplicate procedure id {pid!r}")
        by_id[pid] = node
    offers_node = city.get("offers")
    offered: set[str] = set()
    for item in offers_node.items():
        pid = item.str()
        if pid not in by_id:
            raise item.fail(f"unknown procedure {pid!r}; {national.file} has no such id")
        if pid in offered:
            raise item.fail(f"{pid!r} is offered twice")
        offered.add(pid)
    if not offered:
        raise offers_node.fail(f"must offer at least one procedure of {national.file}")
    overrides = city.get("procedures", {}).mapping()
    allowed = set(OVERRIDABLE)
    for pid, node in overrides.items():
        if pid not in by_id:
            raise node.fail(f"unknown procedure id {pid!r}; {national.file} has no such procedure")
        if pid not in offered:
            raise node.fail(f"{pid!r} is not in `offers`; offer it or remove this entry")
        for key in node.mapping():
            if key not in allowed:
                raise node.get(key).fail(
                    f"may not be overridden by a city: it is the law's ({national.file}); "
                    f"a city may give {', '.join(OVERRIDABLE)}"
                )
        for key in EXTENDED:
            given = {i.value for i in by_id[pid].get(key, []).items()}
            for item in node.get(key, []).items():
                if item.value in given:
                    raise item.fail(f"{item.value!r} is already in {national.file} for {pid!r}; give only what the city adds")
    nodes = [
        OverlaidProcedure(node, overrides.get(pid), city.file, f"procedures.{pid}")
        for pid, node in by_id.items()
        if pid in offered
    ]
    return nodes, set(by_id)
