"""What a finder proposes: a notice not yet made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Draft:
    kind: str
    subject_type: str
    subject_id: str
    resident_ref: str
    deadline: date
    lead_days: int
    name: str
    postal_address: str = ""
    email: str = ""
    language: str = "ja"

    def key(self, channel: str) -> str:
        return f"{self.kind}:{self.subject_type}:{self.subject_id}:{self.deadline.isoformat()}:{self.lead_days}:{channel}"
