"""Bearer tokens for the staff API.

    from madoguchi.staff.api_auth import StaffTokenAuth, api_actor

    router = Router(auth=StaffTokenAuth())

    @router.post("/cards/{id}/actions/suspend")
    def suspend(request, id: int):
        actor = api_actor(request)      # request.auth is the User

A token belongs to one staff user (created with `madoguchi manage staff_token
create --username U [--days N]`); only its SHA-256 is stored. A missing,
unknown, revoked or expired token, or one whose user is disabled, gets 401.
"""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from ninja.security import HttpBearer

from madoguchi.core import clock
from madoguchi.audit.services import Actor

from .access import actor_for_user
from .models import ApiToken
from .services import hash_token

LAST_USED_PRECISION = timedelta(minutes=1)


class StaffTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > 200:
            return None
        now = clock.now()
        row = (
            ApiToken.objects.select_related("user", "user__staff_profile")
            .filter(
                token_hash=hash_token(token),
                revoked_at__isnull=True,
                expires_at__gt=now,
                user__is_active=True,
                user__staff_profile__active=True,
            )
            .first()
        )
        if row is None:
            return None
        # "Last used" to the minute is enough to spot an unused token, and
        # saves a database write on every request of a busy terminal.
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user


def api_actor(request: HttpRequest) -> Actor:
    """The audit log's actor for an API request authenticated by StaffTokenAuth."""
    return actor_for_user(request.auth)
