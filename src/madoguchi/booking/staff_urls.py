"""The bookings' staff pages, on the staff surface (filled in by the bookings issue)."""

from django.urls import path  # noqa: F401

app_name = "booking_staff"
urlpatterns: list = []
