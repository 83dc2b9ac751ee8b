"""When each kind of notice is due: pure timing rules for the daily batch.

The batch for day D asks, for each kind, which subjects are due on D. Each
question is answered as a set of indexed values (expiry dates, deadlines) so
that the database query costs in proportion to the notices due, not to the
number of cards. The timing is derived from the same rules the counter uses
(rules.validity.renewal_window_opens), never restated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import months_after
from .text import Text
from .validity import ValidityRules, renewal_window_opens

NOTICE_KINDS = (
    "certificate-renewal-window",  # the certificates' renewal window opens
    "card-renewal-window",  # the card's renewal window opens
    "period-of-stay-ending",  # a foreign resident's card ends with the stay, N days ahead
    "pickup-waiting",  # a made card arrived from J-LIS and waits for its owner
    "pickup-deadline-reminder",  # N days before the pickup deadline, if not collected
    "booking-reminder",  # N days before a booked visit
    "booking-slot-blocked",  # staff blocked the booked slot (a J-LIS outage): rebook
    "booking-promoted",  # a seat came free and the waiting list gave it to this resident
)
CHANNELS = ("letter", "mail")


@dataclass(frozen=True)
class NoticeKind:
    id: str
    enabled: bool
    days_before: tuple[int, ...]  # for the deadline-based kinds; empty otherwise
    channels: tuple[str, ...]  # letter, mail (mail only where the resident gave an address)
    procedure: str | None  # the procedure the notice invites to book
    subject: Text
    deadline_label: Text  # what the date on the notice is, e.g. 受け取り期限
    body: tuple[Text, ...]
    sources: tuple[str, ...]
    # マイナ保険証: a line with {until}, the last day the card still works as
    # 保険証 after the notice's date (rules/insurance.py); None: not said.
    insurance_after_expiry: Text | None = None


def expiries_whose_renewal_opens_on(rules: ValidityRules, day: date) -> list[date]:
    """Every expiry date whose renewal window opens on `day`.

    Usually one date; at month ends several expiries share an opening day
    (31 May, 30 May, 29 May all open on 1 March in a common year) and some days
    open no window at all. Every expiry opens on exactly one day, so a daily
    batch notices each card once. Found by asking the forward rule for the few
    candidates around `day` + the window, so the rule lives in one place.
    """
    centre = months_after(day, rules.renewal_window_months)
    candidates = (centre + timedelta(days=k) for k in range(-5, 6))
    return [e for e in candidates if renewal_window_opens(rules, e) == day]


def dates_days_ahead(day: date, days_before: tuple[int, ...]) -> list[date]:
    """The deadlines for which a notice `days_before` ahead is due on `day`."""
    return [day + timedelta(days=n) for n in days_before]
