"""Pages of the booking capability (filled in by its issue)."""

from django.urls import path  # noqa: F401

app_name = "booking"
urlpatterns: list = []
