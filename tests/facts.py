"""Ids fixed by FACTS.md, shared by the tests that check them."""

# FACTS.md §1: the product's procedure ids, stable.
FACTS_PROCEDURE_IDS = (
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
)
# Added with its source: the card's renewal window of FACTS.md §3 [kanazawa],
# which the notices invite residents to book; the 24-hour suspension of a lost
# phone's スマホ用電子証明書 (FACTS.md §9) [jpki-lost, digital-smartphone].
# 国外継続利用 and 国内継続利用 (FACTS.md §9, since 2024-05-27).
ADDED_PROCEDURE_IDS = ("card-renewal", "smartphone-certificate-suspension", "card-keep-abroad", "card-keep-domestic")
