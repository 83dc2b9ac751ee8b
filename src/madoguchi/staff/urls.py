"""Staff accounts' pages: login, logout, the audit search (filled in by the staff issue)."""

from django.urls import path  # noqa: F401

app_name = "staff"
urlpatterns: list = []
