"""Staff screens: a day's notices and their state, reprint, returned letters."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from madoguchi.core import clock
from madoguchi.audit.services import record
from madoguchi.staff.access import staff_required, staff_actor
from madoguchi.web.messages import message
from madoguchi.core.city import municipality

from .models import Notice
from .services.letters import contractor_csv, mark_undeliverable, render_letters_pdf


def _day(request: HttpRequest) -> tuple[date, str | None]:
    raw = request.GET.get("date", "")
    if not raw:
        return clock.today(), None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return clock.today(), message("notices.bad_date", "ja") + " / " + message("notices.bad_date", "en")


@staff_required
def day_list(request: HttpRequest) -> HttpResponse:
    day, error = _day(request)
    notices = list(Notice.objects.filter(due_on=day).order_by("kind", "id"))
    record(staff_actor(request), "read", "notice-day", day.isoformat(), detail={"count": len(notices)})
    kinds = municipality().notices
    rows = [{"notice": n, "kind": kinds[n.kind].subject if n.kind in kinds else None} for n in notices]
    return render(request, "notices/day.html", {"lang": "ja", "day": day, "error": error, "rows": rows})


def _pdf_response(notices: list[Notice], filename: str) -> HttpResponse:
    response = HttpResponse(render_letters_pdf(notices), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@staff_required
def letter_pdf(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(Notice, id=notice_id, channel="letter")
    record(staff_actor(request), "reprint", "notice", notice.id, resident_id=notice.resident_ref)
    return _pdf_response([notice], f"notice-{notice.id}.pdf")


@staff_required
def day_letters_pdf(request: HttpRequest) -> HttpResponse:
    day, _ = _day(request)
    letters = list(Notice.objects.filter(due_on=day, channel="letter").order_by("id"))
    record(staff_actor(request), "reprint", "notice-day", day.isoformat(), detail={"count": len(letters)})
    return _pdf_response(letters, f"letters-{day.isoformat()}.pdf")


@staff_required
def day_csv(request: HttpRequest) -> HttpResponse:
    day, _ = _day(request)
    letters = list(Notice.objects.filter(due_on=day, channel="letter").order_by("id"))
    record(staff_actor(request), "export", "notice-day", day.isoformat(), detail={"count": len(letters)})
    response = HttpResponse(contractor_csv(letters).encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="letters-{day.isoformat()}.csv"'
    return response


@staff_required
@require_POST
def undeliverable(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(Notice, id=notice_id, channel="letter")
    mark_undeliverable(notice, staff_actor(request))
    messages.info(request, message("notices.marked", "ja", id=notice.id) + " / " + message("notices.marked", "en", id=notice.id))
    return redirect(f"/staff/notices/?date={notice.due_on.isoformat()}")
