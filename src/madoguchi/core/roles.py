"""Staff roles and what each may do beyond a clerk's work: the one list every app uses (issue 10).

Kernel, not an app: the counter, the bookings' staff pages, the queue and
the audit log all ask "may this role ...?", and none of them may import the
`staff` app's private parts for it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "窓口職員 / Clerk"
    SUPERVISOR = "supervisor", "監督者 / Supervisor"
    ADMINISTRATOR = "administrator", "管理者 / Administrator"


# The people who answer for the clerks' work: they open and stop booking
# slots, manage the waiting list and read the audit log.
SUPERVISORS = (Role.SUPERVISOR, Role.ADMINISTRATOR)
# Who may read the audit log: the people who answer for the clerks' access.
AUDIT_READERS = SUPERVISORS  # who may read the audit log; SUPERVISORS also change capacity (forecast/views.py)


def reveal_roles() -> tuple[str, ...]:
    # Need-to-know (番号法 and the city's security policy): a clerk completes
    # every procedure with the masked number and the resident's card in hand;
    # only a supervisor (or administrator) reveals the full number, for the rare
    # case that needs it (a J-LIS enquiry, a number change), with a reason, and
    # each reveal is audited. A city may widen or narrow this in its settings.
    return tuple(getattr(settings, "MADOGUCHI_MY_NUMBER_REVEAL_ROLES", SUPERVISORS))
