"""URLs, by surface: MADOGUCHI_SURFACE = all | public | staff.

The public surface (guide, bookings) holds no staff URL and never touches a
My Number; the staff surface (the counter) serves clerks only.
"""

from django.conf import settings
from django.urls import include, path, register_converter
from django.urls.converters import get_converters

from madoguchi.api.main import api
from madoguchi.guide import views as guide_views
from madoguchi.web import health
from madoguchi.web.languages import CONVERTERS

# Reloading this module (tests of the surfaces do) must not register them twice.
for _name, _converter in CONVERTERS.items():
    if _name not in get_converters():
        register_converter(_converter, _name)

public_patterns = [
    path("", guide_views.root, name="root"),
    path("", include("madoguchi.booking.urls")),
    path("", include("madoguchi.guide.urls")),
    path("", include("madoguchi.queue.urls")),
    path("", include("madoguchi.forecast.urls")),
]
staff_patterns = [
    path("staff/", include("madoguchi.staff.urls")),
    path("staff/bookings/", include("madoguchi.booking.staff_urls")),
    path("staff/notices/", include("madoguchi.notices.urls")),
    path("staff/", include("madoguchi.counter.urls")),
    path("staff/queue/", include("madoguchi.queue.staff_urls")),
    path("staff/forecast/", include("madoguchi.forecast.staff_urls")),
]

# Under /api/ every error is a problem (JSON); a database wait that hit its bound is "busy" (madoguchi/errors.py).
handler400 = "madoguchi.errors.bad_request"
handler403 = "madoguchi.errors.permission_denied"
handler404 = "madoguchi.errors.page_not_found"
handler500 = "madoguchi.errors.server_error"

surface = getattr(settings, "MADOGUCHI_SURFACE", "all")
urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", health.ready, name="healthz"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("healthz/live", health.live, name="healthz-live"),
]
if surface in ("all", "public"):
    urlpatterns += public_patterns
if surface in ("all", "staff"):
    urlpatterns += staff_patterns
