"""Staff roles and what each may do beyond a clerk's work."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "窓口職員 / Clerk"
    SUPERVISOR = "supervisor", "監督者 / Supervisor"
    ADMINISTRATOR = "administrator", "管理者 / Administrator"


# Who may read the audit log: the people who answer for the clerks' access.
AUDIT_READERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)
# Who may change the counter's capacity from the forecast's plan (forecast/views.py).
SUPERVISORS = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def reveal_roles() -> tuple[str, ...]:
    # Need-to-know (番号法 and the city's security policy): a clerk completes
    # every procedure with the masked number and the resident's card in hand;
    # only a supervisor (or administrator) reveals the full number, for the rare
    # case that needs it (a J-LIS enquiry, a number change), with a reason, and
    # each reveal is audited. A city may widen or narrow this in its settings.
    return tuple(getattr(settings, "MADOGUCHI_MY_NUMBER_REVEAL_ROLES", (Role.SUPERVISOR, Role.ADMINISTRATOR)))
