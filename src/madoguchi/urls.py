"""URLs, by surface: MADOGUCHI_SURFACE = all | public | staff.

The public surface (guide, bookings) holds no staff URL and never touches a
My Number; the staff surface (the counter) serves clerks only.
"""

from django.conf import settings
from django.urls import include, path, register_converter

from madoguchi.api.main import api
from madoguchi.guide import views as guide_views
from madoguchi.web.languages import LanguageConverter

register_converter(LanguageConverter, "lang")

public_patterns = [
    path("", guide_views.root, name="root"),
    path("", include("madoguchi.booking.urls")),
    path("", include("madoguchi.guide.urls")),
]
staff_patterns = [
    path("staff/", include("madoguchi.staff.urls")),
    path("staff/bookings/", include("madoguchi.booking.staff_urls")),
    path("staff/", include("madoguchi.counter.urls")),
]

surface = getattr(settings, "MADOGUCHI_SURFACE", "all")
urlpatterns = [path("api/v1/", api.urls)]
if surface in ("all", "public"):
    urlpatterns += public_patterns
if surface in ("all", "staff"):
    urlpatterns += staff_patterns
