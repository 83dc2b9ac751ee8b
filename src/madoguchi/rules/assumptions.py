"""Documented assumptions: values the product uses that no source settles, for the city's IT staff to confirm.

Listed in data/national/assumptions.yaml (every city inherits them) and a
city's own assumptions.yaml (optional); `madoguchi assumptions` prints them.
They are for staff: residents are not shown them as caveats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafile import read_yaml
from .loader import DATA_ROOT, read_sources
from .text import Text


@dataclass(frozen=True)
class Assumption:
    id: str
    scope: str  # "national" or the city folder's name
    text: Text  # what is assumed, and what to confirm
    where: str  # the data file and key that hold the value
    sources: tuple[str, ...]  # addresses


def load_assumptions(city_dir: str) -> list[Assumption]:
    national = DATA_ROOT / "national"
    known = read_sources(national, Path(city_dir))
    national_ids = read_sources(national)  # a national assumption cites national sources only
    found: list[Assumption] = []
    for folder in (national, Path(city_dir)):
        path = folder / "assumptions.yaml"
        if not path.is_file():
            continue
        root = read_yaml(path, f"{folder.name}/assumptions.yaml")
        root.check_keys({"assumptions"})
        for item in root.get("assumptions").items():
            item.check_keys({"id", "text", "where", "sources"})
            sources = []
            for s in item.get("sources").items():
                if s.str() not in known:
                    raise s.fail(f"unknown source {s.value!r}; add its address to national/sources.yaml (or the city's sources.yaml) first")
                if folder == national and s.str() not in national_ids:
                    raise s.fail(f"{s.value!r} is a city's page: a national file cites national sources only")
                sources.append(known[s.str()])
            found.append(Assumption(item.get("id").str(), folder.name, item.get("text").text(), item.get("where").str(), tuple(sources)))
    return found
