"""The site's WSGI application: Django, with the bookings' gate in front
(booking/gate.py), as `madoguchi serve` runs it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.settings.dev")
django_application = get_wsgi_application()

from madoguchi.booking.gate import gated  # noqa: E402 (after Django is set up)

application = gated(django_application)
