"""API endpoints of the guide capability."""

from ninja import Router

router = Router(tags=["guide"])
