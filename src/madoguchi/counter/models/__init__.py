"""The counter's records: residents, their cards and certificates, PIN counters,
cases (one per procedure done), receipts and the register of returned cards."""

from .cards import Card, Certificate, PinCounter
from .cases import Case, Receipt, ReturnedCard
from .residents import Resident

__all__ = ["Card", "Case", "Certificate", "PinCounter", "Receipt", "Resident", "ReturnedCard"]
