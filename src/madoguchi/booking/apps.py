from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "madoguchi.booking"
    label = "booking"
    verbose_name = "Bookings: counter visits and card pickups"
