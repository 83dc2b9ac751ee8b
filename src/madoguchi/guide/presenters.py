"""What the guide's pages (and its PDF) show, built from the rules for one language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from madoguchi.rules.guide import Question, questions
from madoguchi.rules.municipality import Municipality
from madoguchi.web.messages import message, messages



@dataclass(frozen=True)
class Option:
    value: str
    label: str  # may hold inline readings (easy); templates render with furigana
    hint: str = ""


def age_params(m: Municipality, today: date) -> dict[str, int]:
    adult = m.validity.adult_age_for(today)
    return {"min": m.validity.signature_certificate_min_age, "adult": adult, "adult_less_one": adult - 1}


def options(m: Municipality, question: Question, lang: str, today: date) -> list[Option]:
    """Each option's label: from the catalog where the data has one, else a guide message."""
    if question.id == "applicant":
        return [
            Option(a, m.catalog.applicants[a].name.get(lang), m.catalog.applicants[a].rule.get(lang))
            for a in question.options
        ]
    if question.id == "return_case":
        cases = {c.id: c for c in m.catalog.get("card-return").cases}
        return [Option(c, cases[c].label.get(lang)) for c in question.options]
    # An option may name the city ({city}: "{city}に転入した"), from the loaded city's data.
    fmt: dict[str, object] = {"city": m.city.name.get(lang)}
    if question.id == "age":
        fmt |= age_params(m, today)
    return [Option(o, message(f"guide.q.{question.id}.{o}", lang, **fmt)) for o in question.options]


def answer_label(m: Municipality, question_id: str, value: str, lang: str, today: date) -> str:
    q = questions(m)[question_id]
    for o in options(m, q, lang, today):
        if o.value == value:
            return o.label
    return message("guide.answer.missing", lang)


def question_title(question_id: str, lang: str) -> str:
    return message(f"guide.q.{question_id}.title", lang)


def hint(m: Municipality, question_id: str, lang: str) -> str:
    # The age question says how the city reckons an age (FACTS.md §8): one
    # message per reading, so the hint never contradicts the rules.
    suffix = f".{m.validity.age_reckoning}" if question_id == "age" else ""
    key = f"guide.q.{question_id}.hint{suffix}"
    return messages()[key].get(lang) if key in messages() else ""
