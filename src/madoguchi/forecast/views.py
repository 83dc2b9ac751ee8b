"""The staff chart page: expected demand against capacity by week, the table,
the CSV and the suggestions a supervisor applies. Thin: each view reads the
query, calls the forecast service and renders."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from madoguchi.core import clock
from madoguchi.core.city import municipality
from madoguchi.core.csv_export import csv_text
from madoguchi.core.problems import ProblemError
from madoguchi.rules import forecast as fc
from madoguchi.rules.errors import RulesInputError
from madoguchi.rules.queue_data import load_queue_data
from madoguchi.rules.text import Text
from madoguchi.staff.access import role_required, staff_actor, staff_required
from madoguchi.core.roles import SUPERVISORS
from madoguchi.core.date_text import day_in_every_language, day_text
from madoguchi.core.messages import message, text
from madoguchi.web.messages import both, both_text

from . import chart as charts
from . import openings as extra
from .services import suggest
from .services.plan import forecast

WEEKS = 78  # 18 months


def _query(request: HttpRequest) -> dict:
    m = municipality()
    offices = [o.id for o in m.city.offices]
    office = request.GET.get("office") if request.GET.get("office") in offices else offices[0]
    procedures = list(load_queue_data(settings.MADOGUCHI_CITY).procedures())
    procedure = request.GET.get("procedure") if request.GET.get("procedure") in procedures else ""
    today = clock.today()
    start = _date(request.GET.get("from")) or today - timedelta(days=today.weekday())
    end = _date(request.GET.get("to")) or start + timedelta(weeks=WEEKS) - timedelta(days=1)
    names = [(o.id, o.name.get("ja")) for o in m.city.offices]  # the select shows the office's name, sends its id
    return {"office": office, "procedure": procedure, "start": start, "end": end, "offices": offices, "office_names": names,
            "procedures": procedures}  # fmt: skip


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _rows(q: dict) -> list[fc.Row]:
    return forecast(q["start"], q["end"], by="week", office=q["office"], procedure=q["procedure"] or None)


def weekly(rows: list[fc.Row]) -> list[dict]:
    """The rows summed per week over the chosen procedures: the chart's and the table's figures."""
    acc: dict[str, dict] = {}
    for r in rows:
        w = acc.setdefault(r.period, {"period": r.period, "visits": 0.0, "needed": 0.0, "available": 0.0, "seats": 0})
        w["visits"] += r.expected_visits
        w["needed"] += r.minutes_needed / 60
        w["available"] += r.minutes_available / 60
        w["seats"] += r.seats
    for w in acc.values():
        w["monday"] = fc.period_start(w["period"])  # an ISO week; a person reads its Monday's date
        w["over"] = w["needed"] > w["available"] + 1e-9
        w["short"] = round(max(0.0, w["needed"] - w["available"]), 1)
    return list(acc.values())


def week_label(monday: date, period: str) -> Text:
    """2026年11月30日（月）からの週（2026-W49）: the date a clerk reads, the ISO week the CSV and chart use
    (in Japanese and English, for `both`)."""
    return Text(*(message("forecast.week_label", lang, day=day_text(monday, lang, readings=False), week=period) for lang in ("ja", "en")))


def _link(name: str, q: dict) -> str:
    params = {"office": q["office"], "procedure": q["procedure"], "from": q["start"].isoformat(), "to": q["end"].isoformat()}
    return f"{reverse(name)}?{urlencode(params)}"


@staff_required
@never_cache
def page(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    try:
        rows = _rows(q)
    except RulesInputError as e:
        messages.error(request, both("forecast.error.range", detail=e.message("ja")))
        q["start"], q["end"] = clock.today(), clock.today() + timedelta(weeks=WEEKS) - timedelta(days=1)
        rows = _rows(q)
    catalog = municipality().catalog
    plan = [
        {"s": s, "name": catalog.get(s.procedure).name, "week": week_label(s.monday, s.period)}
        for s in suggest.suggestions(rows)
        if s.monday >= clock.today() and (s.extra_clerks or s.extra_day)
    ]
    return render(request, "forecast/page.html", {
        "lang": "ja", "q": q, "weeks": weekly(rows), "plan": plan[:20],
        "names": [(p, catalog.get(p).name) for p in q["procedures"]],
        "chart_url": _link("forecast_staff:chart", q), "csv_url": _link("forecast_staff:csv", q),
        "may_apply": _supervisor(request), "openings_url": reverse("forecast_staff:openings"),
        "openings_off": not _openings_suggested(),
    })  # fmt: skip


def _supervisor(request: HttpRequest) -> bool:
    return getattr(getattr(request.user, "staff_profile", None), "role", "") in SUPERVISORS


def _openings_suggested() -> bool:
    """The plan proposes an extra Saturday or evening only once the city set
    extra_openings in forecast.yaml (a cap on clerks and some hours)."""
    fs = fc.load_forecast_settings(settings.MADOGUCHI_CITY)
    return bool(fs.max_clerks_per_day and (fs.saturday_hours or fs.evening_hours))


@staff_required
def chart(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    narrow = request.GET.get("size") == "narrow"  # the page's <picture> asks for it on a phone
    try:
        body = charts.render(_rows(q), "svg", narrow=narrow)
    except RulesInputError:
        body = charts.render([], "svg", narrow=narrow)
    return HttpResponse(body, content_type="image/svg+xml")


@staff_required
def csv_download(request: HttpRequest) -> HttpResponse:
    q = _query(request)
    rows = _rows(q)
    text = csv_text(
        ["period", "office", "procedure", "expected_visits", "minutes_needed", "minutes_available", "seats", "over_capacity"],
        ([v for v in r.as_json().values()] for r in rows),
    )
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="forecast-{q["office"]}-{q["start"]}-{q["end"]}.csv"'
    return response


@role_required(*SUPERVISORS)
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    office, procedure, week = request.POST.get("office", ""), request.POST.get("procedure", ""), request.POST.get("week", "")
    try:
        done = suggest.apply(staff_actor(request), office, procedure, week)
        messages.success(request, both("forecast.plan.applied", week=done.period))
    except (ProblemError, RulesInputError) as e:
        messages.error(request, f"{e.message('ja')} / {e.message('en')}")
    return redirect(reverse("forecast_staff:page") + "?" + urlencode({"office": office, "procedure": request.POST.get("back_procedure", "")}))


# --- extra opening days ---------------------------------------------------------


def _bookable() -> list[tuple[str, object]]:
    """The counter's procedures a resident can book (an opening opens their slots)."""
    catalog = municipality().catalog
    return [(p, catalog.get(p).name) for p in load_queue_data(settings.MADOGUCHI_CITY).procedures() if catalog.get(p).bookable]


def _evening_limit() -> str:
    m = municipality()
    return f"{m.value('jlis_evening_limit') // 60:02d}:{m.value('jlis_evening_limit') % 60:02d}"


def _openings_page(request: HttpRequest, values: dict | None = None, error: ProblemError | None = None) -> HttpResponse:
    m = municipality()
    office_names = {o.id: o.name.get("ja") for o in m.city.offices}  # a clerk reads the office's name, not its id
    rows = [
        {"o": o, "held": extra.bookings_of(o), "names": [m.catalog.get(p).name for p in o.procedures],
         "office": office_names.get(o.office_id, o.office_id)}
        for o in extra.upcoming()
    ]  # fmt: skip
    return render(request, "forecast/openings.html", {
        "lang": "ja", "rows": rows, "offices": [(o.id, o.name.get("ja")) for o in m.city.offices], "procedures": _bookable(),
        "values": values or {"procedures": []}, "error_field": (getattr(error, "field", None) or "office") if error else None,
        "error": {"ja": error.message("ja"), "en": error.message("en")} if error else None,
        "may_edit": _supervisor(request), "limit": _evening_limit(), "back": reverse("forecast_staff:page"),
        "min_day": (clock.today() + timedelta(days=1)).isoformat(),
    }, status=error.status if error else 200)  # fmt: skip


@staff_required
@never_cache
def openings(request: HttpRequest) -> HttpResponse:
    return _openings_page(request)


def _time(value: str):
    from datetime import time

    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


@role_required(*SUPERVISORS)
@require_POST
def add_opening(request: HttpRequest) -> HttpResponse:
    values = {k: request.POST.get(k, "").strip() for k in ("office", "day", "start", "end", "reason")}
    values["procedures"] = request.POST.getlist("procedures")
    day, start, end = _date(values["day"]), _time(values["start"]), _time(values["end"])
    try:
        if day is None:
            raise extra.OpeningError("opening_day_format", key="forecast.error.opening_day_format", status=422, field="day")
        if start is None or end is None:
            field = "start" if start is None else "end"
            raise extra.OpeningError("opening_time_format", key="forecast.error.opening_time_format", status=422, field=field)
        opening, opened = extra.add_opening(
            staff_actor(request), values["office"], day, start, end, values["procedures"], values["reason"]
        )  # fmt: skip
    except (ProblemError, RulesInputError) as e:
        if not isinstance(e, ProblemError):
            e = extra.OpeningError("opening_procedures", e.text, status=422, field="procedures")
        return _openings_page(request, values, e)
    messages.success(request, both_text(text(
        "forecast.openings.added", day=day_in_every_language(opening.day), start=f"{opening.start:%H:%M}", end=f"{opening.end:%H:%M}", slots=opened
    )))  # fmt: skip
    return redirect("forecast_staff:openings")


@role_required(*SUPERVISORS)
@require_POST
def remove_opening(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        gone, slots = extra.remove_opening(staff_actor(request), pk)
    except ProblemError as e:
        messages.error(request, f"{e.message('ja')} / {e.message('en')}")
        return redirect("forecast_staff:openings")
    detail = {"day": day_in_every_language(gone.day), "start": f"{gone.start:%H:%M}", "end": f"{gone.end:%H:%M}"}
    messages.success(request, both_text(text("forecast.openings.removed", slots=slots, **detail)))
    return redirect("forecast_staff:openings")
