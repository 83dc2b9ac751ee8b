"""How long a My Number Card and its electronic certificates are valid.

The numbers (10 and 5 birthdays, the age lines, the renewal window) come from
the rules data (`data/national/rules.yaml`, overridable by a city), each with
its source; this module holds only the arithmetic. FACTS.md §3.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass
from datetime import date

from .dates import age_on, months_before, nth_birthday_after
from .messages import input_error, rules_text
from .text import Text


@dataclass(frozen=True)
class AgeLine:
    """Adults' cards last longer; the age that makes an adult changed on `until`."""

    age: int
    until: date | None  # applications received before this day use this line


@dataclass(frozen=True)
class ValidityRules:
    card_birthdays_adult: int
    card_birthdays_minor: int
    certificate_birthdays: int
    age_lines: tuple[AgeLine, ...]  # ordered by `until`; the last has until=None
    signature_certificate_min_age: int
    renewal_window_months: int
    # "day_after": a card expiring 7 July renews from 8 April (Kanazawa's
    # worked example); "same_day": from 7 April. Sources differ by one day.
    renewal_window_starts: str
    leap_day_birthday: str
    # "day_before" (年齢計算ニ関スル法律, the national default) or "birthday"
    # (a city setting): how every age line is read, dates.age_on.
    age_reckoning: str

    def age_on(self, birth: date, on: date) -> int:
        """The holder's age on `on` as every age line reads it (18/20 for the
        card, 15 for 署名用, under one for the express issue): dates.age_on."""
        return age_on(birth, on, reckoning=self.age_reckoning, leap_day_rule=self.leap_day_birthday)

    def adult_age_for(self, application_received: date) -> int:
        for line in self.age_lines:
            if line.until is None or application_received < line.until:
                return line.age
        raise AssertionError("the last age line must be open-ended")





@dataclass(frozen=True)
class CardValidity:
    card_expires: date
    card_expiry_basis: str  # "birthday" or "period_of_stay"
    user_certificate_expires: date
    signature_certificate_expires: date | None
    signature_certificate_note: Text | None
    card_renewal_opens: date
    certificate_renewal_opens: date


def card_expiry(
    rules: ValidityRules,
    birth: date,
    issued: date,
    *,
    application_received: date | None = None,
    period_of_stay_end: date | None = None,
) -> tuple[date, str]:
    """The card's last valid day and what set it ("birthday" or "period_of_stay")."""
    _check_order(birth, issued, application_received, period_of_stay_end)
    received = application_received or issued
    adult = rules.age_on(birth, issued) >= rules.adult_age_for(received)
    n = rules.card_birthdays_adult if adult else rules.card_birthdays_minor
    by_birthday = nth_birthday_after(birth, issued, n, rules.leap_day_birthday)
    if period_of_stay_end is not None and period_of_stay_end < by_birthday:
        return period_of_stay_end, "period_of_stay"
    return by_birthday, "birthday"


def user_certificate_expiry(rules: ValidityRules, birth: date, issued: date, card_expires: date) -> date:
    """利用者証明用電子証明書: the 5th birthday after issue, never past the card."""
    own = nth_birthday_after(birth, issued, rules.certificate_birthdays, rules.leap_day_birthday)
    return min(own, card_expires)


def signature_certificate_expiry(
    rules: ValidityRules, birth: date, issued: date, card_expires: date, user_certificate_expires: date
) -> tuple[date | None, Text | None]:
    """署名用電子証明書: as the user certificate and never past it; none under 15."""
    age = rules.age_on(birth, issued)
    if age < rules.signature_certificate_min_age:
        return None, rules_text("rules.validity.no_signature_under_age", age=rules.signature_certificate_min_age, actual=age)
    own = nth_birthday_after(birth, issued, rules.certificate_birthdays, rules.leap_day_birthday)
    return min(own, card_expires, user_certificate_expires), None


def renewal_window_opens(rules: ValidityRules, expires: date) -> date:
    """The first day a renewal is taken (about three months before `expires`)."""
    return _window_opens(expires, rules.renewal_window_months, rules.renewal_window_starts)


def _window_opens(expires: date, months: int, starts: str) -> date:
    start = months_before(expires, months)
    if starts == "day_after":
        return date.fromordinal(start.toordinal() + 1)
    return start


@functools.lru_cache(maxsize=8)
def shortest_renewal_window_days(months: int) -> int:
    """The fewest days from a renewal window's first day to the expiry, for a
    window of `months` (the shortest months, Februaries of a leap cycle
    included, and the later start of `day_after`): what a letter sent some
    weeks after the window opens can count on, whatever the expiry."""
    cycle = date(2025, 1, 1)  # any four years hold every month length and a leap day
    expiries = (date.fromordinal(cycle.toordinal() + i) for i in range(4 * 366))
    return min((e - _window_opens(e, months, "day_after")).days for e in expiries)


def card_validity(
    rules: ValidityRules,
    birth: date,
    issued: date,
    *,
    application_received: date | None = None,
    period_of_stay_end: date | None = None,
) -> CardValidity:
    """Everything about a card and the certificates issued with it on `issued`."""
    card_expires, basis = card_expiry(
        rules,
        birth,
        issued,
        application_received=application_received,
        period_of_stay_end=period_of_stay_end,
    )
    user_expires = user_certificate_expiry(rules, birth, issued, card_expires)
    signature_expires, note = signature_certificate_expiry(rules, birth, issued, card_expires, user_expires)
    return CardValidity(
        card_expires=card_expires,
        card_expiry_basis=basis,
        user_certificate_expires=user_expires,
        signature_certificate_expires=signature_expires,
        signature_certificate_note=note,
        card_renewal_opens=renewal_window_opens(rules, card_expires),
        certificate_renewal_opens=renewal_window_opens(rules, user_expires),
    )


def _check_order(
    birth: date, issued: date, application_received: date | None, period_of_stay_end: date | None
) -> None:
    if issued < birth:
        raise input_error("issued_before_birth", issued=issued, birth=birth)
    if application_received is not None:
        if application_received > issued:
            raise input_error("received_after_issue", application_received=application_received, issued=issued)
        if application_received < birth:
            raise input_error("received_before_birth", application_received=application_received, birth=birth)
    if period_of_stay_end is not None and period_of_stay_end < issued:
        raise input_error("stay_ended_before_issue", period_of_stay_end=period_of_stay_end, issued=issued)
