"""What a booking link from a notice pre-fills: the pickup's notice number.

The link's token is signed and expires; it names only the notice. The birth
date is never pre-filled: the pair is what proves the resident holds the notice.
"""

from __future__ import annotations

from ..models import Notice
from .content import read_booking_token


def pickup_number_from(token: str) -> str | None:
    data = read_booking_token(token) if token else None
    if not data:
        return None
    notice = Notice.objects.filter(id=data.get("n"), subject_type="pickup").only("subject_id").first()
    return notice.subject_id if notice else None
