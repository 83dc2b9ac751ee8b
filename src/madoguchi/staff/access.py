"""Who may see a staff page, and who is acting.

    from madoguchi.staff.access import staff_required, role_required, staff_actor

    @staff_required                          # logged in with password + TOTP, profile active
    def resident(request, pk): ...

    @role_required("supervisor", "administrator")
    def reveal(request, pk):
        record(staff_actor(request), "reveal-my-number", ...)

Anyone else is sent to /staff/login/?next=<this page>; a staff member without
the role gets a 403 page saying which roles may.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from madoguchi.audit.services import Actor, record
from madoguchi.core.roles import Role, reveal_roles

from .login import VERIFIED
from .models import StaffProfile


def staff_profile(user) -> StaffProfile | None:
    """The active staff profile of a user, or None (anonymous, no profile, disabled)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "_madoguchi_staff_profile", None)
    if profile is None:
        profile = StaffProfile.objects.filter(user=user).first()
        user._madoguchi_staff_profile = profile
    return profile if profile is not None and profile.active else None


def is_verified_staff(request: HttpRequest) -> bool:
    return bool(request.session.get(VERIFIED)) and staff_profile(request.user) is not None


def login_redirect(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('staff:login')}?{urlencode({'next': request.get_full_path()})}")


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_verified_staff(request):
            return login_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    unknown = set(roles) - set(Role.values)
    if not roles or unknown:
        raise ValueError(f"role_required needs roles among {Role.values}, got {roles}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            profile = staff_profile(request.user)
            if profile.role not in roles:
                # A refused attempt is worth a supervisor's look; the path only, as a
                # query string may hold what was searched for.
                with transaction.atomic():
                    record(staff_actor(request), "denied", "page", request.path[:64], detail={"allowed": list(roles)})
                allowed = [Role(r).label for r in roles]
                return render(request, "staff/forbidden.html", {"lang": "ja", "allowed": allowed}, status=403)
            return view(request, *args, **kwargs)

        return staff_required(wrapped)

    return decorator


def staff_actor(request: HttpRequest) -> Actor:
    """The audit log's actor for a staff page's request (after staff_required)."""
    return actor_for_user(request.user)


def actor_for_user(user) -> Actor:
    profile = staff_profile(user)
    if profile is None:
        raise PermissionError("not an active staff user")
    return Actor(user.get_username(), profile.role)


def can_reveal_my_number(user) -> bool:
    profile = staff_profile(user)
    return profile is not None and profile.role in reveal_roles()
