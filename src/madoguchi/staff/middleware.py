"""The staff session, on /staff/ pages only:

- it ends after MADOGUCHI_STAFF_IDLE_MINUTES without a request, and in any case
  MADOGUCHI_STAFF_MAX_SESSION_HOURS after the login (a working day), so a terminal
  left open at the counter does not stay logged in (time from madoguchi.core.clock,
  so tests pin it);
- no staff page is kept in a browser's or proxy's cache: after logging out, the
  Back button must not show a resident's record to the next person at the terminal;
- its texts are Japanese, with English beside only for a user who chose it
  (StaffProfile.show_english; madoguchi.core.messages.english_beside).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.urls import reverse

from madoguchi.core import clock
from madoguchi.core.messages import english_beside_as

from .login import LOGIN_AT, SEEN_AT, VERIFIED

STAFF_PREFIX = "/staff/"


def session_expired(session, now: datetime) -> bool:
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not login_at or not seen_at:
        return True
    idle = timedelta(minutes=settings.MADOGUCHI_STAFF_IDLE_MINUTES)
    longest = timedelta(hours=settings.MADOGUCHI_STAFF_MAX_SESSION_HOURS)
    return now - datetime.fromisoformat(seen_at) > idle or now - datetime.fromisoformat(login_at) > longest


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith(STAFF_PREFIX):
            return self.get_response(request)
        if request.session.get(VERIFIED):
            now = clock.now()
            if session_expired(request.session, now):
                logout(request)  # flushes the session
                query = urlencode({"next": request.get_full_path(), "expired": "1"})
                return HttpResponseRedirect(f"{reverse('staff:login')}?{query}")
            request.session[SEEN_AT] = now.isoformat()
        with english_beside_as(_wants_english(request)):
            response = self.get_response(request)
        add_never_cache_headers(response)
        return response


def _wants_english(request: HttpRequest) -> bool:
    """The signed-in user's choice; before the login says who it is, both (the login
    pages must be readable by every clerk)."""
    from .access import is_verified_staff, staff_profile

    if not is_verified_staff(request):
        return True
    return staff_profile(request.user).show_english
