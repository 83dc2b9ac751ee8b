"""Values that change on dates, looked up "in force on day D".

Like OpenFisca's parameters: a rule's value is a list of values, each with the
date it takes effect and its sources, oldest first; `Dated.on(day)` is the one
in force that day. A rule changed by law is never overwritten: the old value
stays for the days before the change, so that `madoguchi procedure X --on D`
answers the law of D. In the data (data/national/*.yaml, a city's files):

    resets_user_certificate_pin:
      - {value: false, sources: [seed]}
      - {effective: 2024-09-20, value: true, sources: [jpki-reset, naha, koka]}

A text in a list (a procedure's notes and warnings, a document's detail) may
likewise carry `effective` and `until` (`DatedText`); `Procedure.as_of(day)` and
`Municipality.as_of(day)` keep the ones in force.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Generic, TypeVar

from .text import Text

if TYPE_CHECKING:
    from .datafile import Node

T = TypeVar("T")


@dataclass(frozen=True)
class Change(Generic[T]):
    effective: date | None  # None: in force before any change the data records
    value: T
    sources: tuple[str, ...]  # addresses


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A value by the date each takes effect, oldest first."""

    changes: tuple[Change[T], ...]

    @classmethod
    def always(cls, value: T, sources: tuple[str, ...] = ()) -> Dated[T]:
        return cls((Change(None, value, sources),))

    def change_on(self, day: date) -> Change[T]:
        in_force = [c for c in self.changes if c.effective is None or c.effective <= day]
        if not in_force:
            raise LookupError(f"no value is in force on {day}; the first takes effect on {self.changes[0].effective}")
        return in_force[-1]

    def on(self, day: date) -> T:
        return self.change_on(day).value

    @property
    def latest(self) -> T:
        return self.changes[-1].value


def read_dated(node: Node, parse: Callable[[Node], T], addresses: Callable[[Node], tuple[str, ...]]) -> Dated[T]:
    """A value in the data, written plainly or as a list of {effective, value,
    sources} oldest first (the first may leave out `effective`: in force before
    any recorded change). `addresses` checks a `sources` list and gives its
    addresses. The one reader of every dated value (the municipality's loader,
    the lifecycle numbers)."""
    if not (isinstance(node.value, list) and node.value and all(isinstance(v, dict) and "value" in v for v in node.value)):
        return Dated.always(parse(node))
    changes: list[Change[T]] = []
    for i, item in enumerate(node.items()):
        item.check_keys({"effective", "value", "sources"})
        effective = item.get("effective", None).optional_date()
        if effective is None and i > 0:
            raise item.fail("only the first value may leave out `effective` (the date it takes effect)")
        if changes and effective is not None and changes[-1].effective is not None and effective <= changes[-1].effective:
            raise item.get("effective").fail("values must be in date order, oldest first")
        changes.append(Change(effective, parse(item.get("value")), addresses(item.get("sources"))))
    return Dated(tuple(changes))


class DatedText(Text):
    """A text in force from `effective` (inclusive) until `until` (exclusive)."""

    __slots__ = ("effective", "until", "sources")

    def __init__(
        self,
        ja: str,
        en: str | None = None,
        easy: str | None = None,
        *,
        effective: date | None = None,
        until: date | None = None,
        sources: tuple[str, ...] = (),
        **others: str,
    ) -> None:
        super().__init__(ja, en, easy, **others)
        object.__setattr__(self, "effective", effective)
        object.__setattr__(self, "until", until)
        object.__setattr__(self, "sources", sources)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, DatedText)
            and super().__eq__(other)
            and (self.effective, self.until, self.sources) == (other.effective, other.until, other.sources)
        )

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.effective, self.until, self.sources))

    def __reduce__(self) -> tuple:
        return (_dated_text, (dict(self.languages), self.effective, self.until, self.sources))

    def in_force(self, day: date) -> bool:
        return (self.effective is None or self.effective <= day) and (self.until is None or day < self.until)


def _dated_text(by_language: dict[str, str], effective: date | None, until: date | None, sources: tuple[str, ...]) -> DatedText:
    return DatedText(**by_language, effective=effective, until=until, sources=sources)


def in_force(texts: tuple[Text, ...], day: date) -> tuple[Text, ...]:
    """The texts of a list that hold on `day` (an undated text always does)."""
    return tuple(t for t in texts if not isinstance(t, DatedText) or t.in_force(day))
