"""The site's WSGI application: Django, with the bookings' gate in front
(booking/gate.py), as `madoguchi serve` runs it."""

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.settings.dev")
django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (after Django is set up)

from madoguchi.booking.gate import gated  # noqa: E402

# Each worker's threads hand the interpreter over sooner than Python's 5 ms
# (settings.MADOGUCHI_SWITCH_INTERVAL says why, and what it gave).
sys.setswitchinterval(settings.MADOGUCHI_SWITCH_INTERVAL)

application = gated(django_application)
