"""API endpoints of the booking capability."""

from ninja import Router

router = Router(tags=["booking"])
