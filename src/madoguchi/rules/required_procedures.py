"""The procedure ids the product's code names: every city's catalog must have each.

The counter's action registry (lifecycle/actions.py), the guide's interview
(guide.py), the notices and the licence rule name catalog procedures by id. A
city folder that left one out would load and then fail at run time; the loader
refuses it at load instead, naming the file and the id (loader.py).
tests/rules/test_required_procedures.py keeps this list true to the code.
"""

from __future__ import annotations

REQUIRED_PROCEDURES = frozenset(
    {
        "card-info-change",
        "reissue-notes-full",
        "suspend-lost-card",
        "lift-suspension",
        "reissue-after-loss",
        "express-issue",
        "my-number-change",
        "card-return",
        "pin-reset",
        "signature-password-kiosk-reset",
        "certificate-renewal",
        "signature-certificate-issue",
        "period-of-stay-change",
        "card-pickup",
        "card-renewal",
        "smartphone-certificate-suspension",
        "card-keep-abroad",
        "card-keep-domestic",
    }
)
