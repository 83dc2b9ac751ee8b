"""The guide's outcome as plain data for the API, in one language."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time

from django.urls import reverse

from madoguchi.rules.guide import outcome, questions, route
from madoguchi.rules.guide_plan import StepPlan, plan
from madoguchi.web.messages import message
from madoguchi.core.city import municipality

from madoguchi.core.furigana import plain
from .presenters import options, question_title


def _t(text, lang: str) -> str | None:
    return None if text is None else plain(text.get(lang))


def _step(s: StepPlan, office, lang: str) -> dict:
    p = s.procedure
    return {
        "procedure_id": p.id,
        "name": _t(p.name, lang),
        "case": {"code": s.case.id, "text": _t(s.case.label, lang)} if s.case else None,
        "applicant_allowed": s.applicant_allowed,
        "allowed_applicants": list(s.allowed_applicants),
        "requirements": [
            {"document": r.id, "condition": r.condition.id if r.condition else None, "label": _t(r.label, lang)}
            for r in s.requirements
        ],
        "fee": None if s.fee is None else {
            "total": s.fee.total,
            "total_without_optional": s.fee.total_without_optional,
            "items": [{"item": i.item, "label": _t(i.label, lang), "yen": i.yen, "optional": i.optional} for i in s.fee.items],
            "note": _t(s.fee.note, lang),
        },
        "channels": list(p.channels),
        "service_hours": p.service_hours,
        "office": {"name": _t(office.name, lang), "address": _t(office.address, lang), "map_url": office.map_url}
        if p.service_hours == "counter" else None,
        "days_from": s.starts if s.after_earlier_steps else None,
        "next_open_days": [{"date": d.date, "hours": ["-".join(h.labels()) for h in d.hours]} for d in s.next_open_days],
        "closed_days": [
            {"date": d.date, "reasons": [{"code": r.code, "text": _t(r.text, lang)} for r in d.closed_reasons]}
            for d in s.nearby_closed
        ],
        "processing": {
            "same_day": p.processing.same_day,
            "typical_days": p.processing.typical_days,
            "summary": _t(p.processing.summary, lang),
            "next_steps": [_t(n, lang) for n in p.processing.next_steps],
        },
        "warnings": [_t(w, lang) for w in p.warnings],
        "booking_url": f"/{lang}/book/{p.id}/" if p.bookable else None,
        "procedure_url": reverse("guide:procedure", kwargs={"lang": lang, "procedure_id": p.id}),
    }


def guide_response(answers: Mapping[str, str], lang: str, today: date, at: time | None = None) -> dict:
    """The next question or the outcome; `at` (the time now) offers today only while still open."""
    m = municipality()
    progress = route(m, answers)  # raises GuideInputError on an unknown answer
    if progress.next is not None:
        q = questions(m)[progress.next]
        return {
            "complete": False,
            "next_question": {
                "id": q.id,
                "title": plain(question_title(q.id, lang)),
                "options": [{"value": o.value, "label": plain(o.label)} for o in options(m, q, lang, today)],
            },
            "outcome": None,
        }
    result = outcome(m, answers)
    steps, alternatives = plan(m, result, today, at)
    office = m.city.office()
    lines = m.city.contacts_for("suspension") if result.calls_suspension_line else []
    return {
        "complete": True,
        "next_question": None,
        "outcome": {
            "answers": dict(result.answers),
            "applicant": result.applicant,
            "act_now": [{"code": a, "text": plain(message(f"guide.now.{a}", lang))} for a in result.act_now],
            "suspension_lines": [{"label": _t(c.label, lang), "phone": c.phone, "fax": c.fax} for c in lines],
            "notes": [plain(message(n.key, lang, **n.params)) for n in result.notes],
            "steps": [_step(s, office, lang) for s in steps],
            "alternatives": [_step(s, office, lang) for s in alternatives],
        },
    }
