"""API endpoints of the counter capability."""

from ninja import Router

router = Router(tags=["counter"])
