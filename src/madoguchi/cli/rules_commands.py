"""`madoguchi procedures | procedure | calendar | validity | assumptions`: the rules, asked from the shell."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from madoguchi.core import clock
from madoguchi.rules.calendar import DayStatus
from madoguchi.rules.catalog import APPLICANT_TYPES, Procedure
from madoguchi.rules.city import Contact
from madoguchi.rules.loader import load_municipality
from madoguchi.rules.validity import card_validity
from madoguchi.web.messages import both, message

from .language import say


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.bad_date", value=repr(value))) from None


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("procedures", help="list every procedure")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_procedures)

    p = sub.add_parser("procedure", help="one procedure as in force on a date")
    p.add_argument("id")
    p.add_argument("--applicant", default="self", choices=APPLICANT_TYPES)
    p.add_argument("--on", type=iso_date, help="YYYY-MM-DD (default today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_procedure)

    p = sub.add_parser("calendar", help="the days and hours the counter takes a procedure")
    p.add_argument("--procedure", required=True)
    p.add_argument("--from", dest="start", type=iso_date, required=True)
    p.add_argument("--to", dest="end", type=iso_date, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_calendar)

    p = sub.add_parser("assumptions", help="documented assumptions for the city's IT staff to confirm")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_assumptions)

    p = sub.add_parser("validity", help="when a card and its certificates expire")
    p.add_argument("--birth-date", type=iso_date, required=True)
    p.add_argument("--issued", type=iso_date, required=True)
    p.add_argument("--application-received", type=iso_date)
    p.add_argument("--period-of-stay-end", type=iso_date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_validity)


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


# --- procedures ----------------------------------------------------------
def procedure_summary(p: Procedure, on: date) -> dict[str, Any]:
    return {
        "id": p.id,
        "name_ja": p.name.ja,
        "name_en": p.name.en,
        "channels": list(p.channels),
        "fee_yen": p.fee_on(on).total if p.in_force(on) else None,
    }


def cmd_procedures(args: argparse.Namespace) -> int:
    today = clock.today()
    m = load_municipality(args.city).as_of(today)
    rows = [procedure_summary(p, today) for p in m.catalog.all()]
    if args.json:
        _print_json(rows)
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        fee = "—" if r["fee_yen"] is None else ("無料 free" if r["fee_yen"] == 0 else f"{r['fee_yen']:,}円")
        print(f"{r['id']:<{width}}  {r['name_ja']} / {r['name_en']}  [{', '.join(r['channels'])}]  {fee}")
    return 0


def contact_line(c: Contact, language: str) -> str:
    """One of the city's contacts on a line: "マイナンバー総合フリーダイヤル: 0120-95-0178 — 365日24時間…"."""
    numbers = [n for n in (c.phone, c.fax and f"{message('contact.fax', language)} {c.fax}", c.mail) if n]
    line = f"{c.label.get(language)}: {', '.join(numbers)}"
    extra = ("" if language == "ja" else ". ").join(t.get(language) for t in (c.hours, c.note) if t)
    return f"{line} — {extra}" if extra else line


def procedure_detail(p: Procedure, applicant: str, on: date, contacts: list[Contact]) -> dict[str, Any]:
    fee = p.fee_on(on)
    requirements = p.requirements_for(applicant)
    notes = [*p.warnings, *p.notes] + ([fee.note] if fee.note else [])
    return {
        "id": p.id,
        "name_ja": p.name.ja,
        "name_en": p.name.en,
        "channels": list(p.channels),
        "fee_yen": fee.total,
        "fee_breakdown": [{"item": i.item, "yen": i.yen} for i in fee.items],
        "processing": {
            "same_day": p.processing.same_day,
            "typical_days": p.processing.typical_days,
            "summary_ja": p.processing.summary.ja,
            "summary_en": p.processing.summary.en,
            "next_steps_ja": [s.ja for s in p.processing.next_steps],
            "next_steps_en": [s.en for s in p.processing.next_steps],
        },
        "requirements": [{"id": r.id, "label_ja": r.label.ja, "label_en": r.label.en} for r in requirements],
        "sources": list(dict.fromkeys([*p.sources, *fee.sources])),
        # The numbers to call (suspend-lost-card's 24-hour lines) go with the
        # notes, so that the JSON keeps its keys.
        "notes_ja": [n.ja for n in notes] + [contact_line(c, "ja") for c in contacts],
    }


def cmd_procedure(args: argparse.Namespace) -> int:
    on = args.on or clock.today()
    m = load_municipality(args.city).as_of(on)  # the law of that day
    p = m.catalog.get(args.id)
    contacts = m.contacts_for_procedure(p.id)
    d = procedure_detail(p, args.applicant, on, contacts)
    if args.json:
        _print_json(d)
        return 0
    print(f"{d['name_ja']} / {d['name_en']} ({d['id']})")
    print(f"  手続の方法 channels: {', '.join(d['channels'])}")
    items = " + ".join(f"{b['item']} {b['yen']:,}円" for b in d["fee_breakdown"])
    print(f"  手数料 fee ({on}): {d['fee_yen']:,}円" + (f" = {items}" if items else ""))
    print(f"  処理 processing: {d['processing']['summary_ja']}")
    for step in d["processing"]["next_steps_ja"]:
        print(f"    → {step}")
    print(f"  持ち物 requirements ({args.applicant}):")
    for r in d["requirements"] or [{"label_ja": "なし", "label_en": "nothing"}]:
        print(f"    - {r['label_ja']} / {r['label_en']}")
    if contacts:
        print(f"  {both('cli.procedure.contacts')}:")
        for c in contacts:
            print(f"    - {contact_line(c, 'ja')}")
            print(f"      {contact_line(c, 'en')}")
    for n in d["notes_ja"][: len(d["notes_ja"]) - len(contacts)]:
        print(f"  注意: {n}")
    print("  出典 sources:")
    for s in d["sources"]:
        print(f"    {s}")
    return 0


# --- calendar ------------------------------------------------------------
def day_json(d: DayStatus) -> dict[str, Any]:
    return {
        "date": d.date.isoformat(),
        "open": d.open,
        "hours": [list(i.labels()) for i in d.hours],
        "closed_reasons": list(d.reason_codes),
    }


WEEKDAYS_JA = "月火水木金土日"


def cmd_assumptions(args: argparse.Namespace) -> int:
    """What no source settles (rules/assumptions.py): for staff, never shown to residents."""
    from madoguchi.rules.assumptions import load_assumptions

    rows = load_assumptions(load_municipality(args.city).data_dir)
    if args.json:
        _print_json([{"id": a.id, "scope": a.scope, "text_ja": a.text.ja, "text_en": a.text.en, "where": a.where,
                      "sources": list(a.sources)} for a in rows])  # fmt: skip
        return 0
    for a in rows:
        print(f"[{a.scope}] {a.id} ({a.where})\n  {a.text.ja}\n  {a.text.en}\n  {' '.join(a.sources)}")
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    m = load_municipality(args.city)
    days = m.days(args.procedure, args.start, args.end)
    if args.json:
        _print_json([day_json(d) for d in days])
        return 0
    for d in days:
        label = f"{d.date.isoformat()} ({WEEKDAYS_JA[d.date.weekday()]})"
        if d.open:
            print(f"{label}  受付 open  {', '.join('–'.join(i.labels()) for i in d.hours)}")
        else:
            print(f"{label}  休止 closed  " + "／".join(r.text.ja for r in d.closed_reasons))
    return 0


# --- validity ------------------------------------------------------------
def cmd_validity(args: argparse.Namespace) -> int:
    m = load_municipality(args.city)
    v = card_validity(
        m.validity,
        args.birth_date,
        args.issued,
        application_received=args.application_received,
        period_of_stay_end=args.period_of_stay_end,
    )
    out = {
        "card_expires": v.card_expires.isoformat(),
        "user_certificate_expires": v.user_certificate_expires.isoformat(),
        "signature_certificate_expires": v.signature_certificate_expires.isoformat()
        if v.signature_certificate_expires
        else None,
        "signature_certificate_note": v.signature_certificate_note.ja if v.signature_certificate_note else None,
        "card_renewal_opens": v.card_renewal_opens.isoformat(),
        "certificate_renewal_opens": v.certificate_renewal_opens.isoformat(),
    }
    if args.json:
        _print_json(out)
        return 0
    basis = "在留期間の満了日 period of stay" if v.card_expiry_basis == "period_of_stay" else "誕生日 birthday"
    print(f"カードの有効期限 card expires:                 {out['card_expires']} ({basis})")
    print(f"利用者証明用電子証明書 user certificate:       {out['user_certificate_expires']}")
    sig = out["signature_certificate_expires"] or f"なし none — {out['signature_certificate_note']}"
    print(f"署名用電子証明書 signature certificate:        {sig}")
    print(f"カードの更新受付開始 card renewal opens:        {out['card_renewal_opens']}")
    print(f"電子証明書の更新受付開始 certificate renewal:   {out['certificate_renewal_opens']}")
    return 0
