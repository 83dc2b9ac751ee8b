"""Login, logout and the staff home. Thin: the steps are in login.py."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout as django_logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from madoguchi.core import clock
from madoguchi.audit.services import record
from madoguchi.web.messages import both, message

from .access import is_verified_staff, staff_actor, staff_required
from .forms import CodeForm, PasswordForm
from .login import LoginRefused, check_code, check_password, pending_user
from .services import set_show_english

# The counter fills the home page by providing this template (extending staff/home.html).
HOME_TEMPLATES = ["counter/staff_home.html", "staff/home.html"]


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/staff/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("staff:home")


def _refusal(error: LoginRefused) -> str:
    key = {"bad-credentials": "staff.login.bad_credentials", "bad-code": "staff.login.bad_code", "locked": "staff.login.locked", "expired": "staff.login.expired"}[error.code]
    fmt = {"until": error.until.astimezone(clock.TOKYO).strftime("%H:%M")} if error.code == "locked" and error.until else {}
    return both(key, **fmt)


@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if is_verified_staff(request):
        return HttpResponseRedirect(_next_url(request))
    form = PasswordForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            check_password(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except LoginRefused as e:
            error = _refusal(e)
        else:
            return HttpResponseRedirect(f"{reverse('staff:login-code')}?{urlencode({'next': _next_url(request)})}")
    context = {"lang": "ja", "form": form, "error": error, "next": _next_url(request), "expired": request.GET.get("expired") == "1"}
    return render(request, "staff/login.html", context, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    if pending_user(request) is None:
        return HttpResponseRedirect(f"{reverse('staff:login')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            check_code(request, form.cleaned_data["code"])
        except LoginRefused as e:
            if e.code in ("expired", "locked"):
                request.session.flush()
            error = _refusal(e)
        else:
            return HttpResponseRedirect(_next_url(request))
    context = {"lang": "ja", "form": form, "error": error, "next": _next_url(request)}
    return render(request, "staff/login_code.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if is_verified_staff(request):
        with transaction.atomic():
            record(staff_actor(request), "logout", "staff-user", request.user.pk)
    django_logout(request)
    messages.info(request, both("staff.logged_out"))
    return HttpResponseRedirect(reverse("staff:login"))


@staff_required
@require_POST
def english_preference(request: HttpRequest) -> HttpResponse:
    """The user's own choice: Japanese only (the default) or English beside it; audited."""
    from .access import staff_profile

    show = request.POST.get("show_english") == "1"
    set_show_english(staff_actor(request), staff_profile(request.user), show)
    messages.info(request, both("staff.preference.saved_english" if show else "staff.preference.saved_japanese"))
    return HttpResponseRedirect(_next_url(request))


@never_cache
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, HOME_TEMPLATES, {"lang": "ja"})
