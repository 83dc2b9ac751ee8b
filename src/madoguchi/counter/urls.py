"""Pages of the counter capability (filled in by its issue)."""

from django.urls import path  # noqa: F401

app_name = "counter"
urlpatterns: list = []
