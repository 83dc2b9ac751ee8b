"""The bookings' staff pages, on the staff surface (/staff/bookings/)."""

from django.urls import path

from .views import staff

app_name = "booking_staff"
urlpatterns = [
    path("", staff.day, name="day"),
    path("<int:pk>/check-in/", staff.check_in, name="check_in"),
    path("<int:pk>/no-show/", staff.no_show, name="no_show"),
    path("slots/<int:pk>/block/", staff.block_slot, name="block_slot"),
    path("slots/<int:pk>/unblock/", staff.unblock_slot, name="unblock_slot"),
    path("slots/<int:pk>/capacity/", staff.slot_capacity, name="slot_capacity"),
    path("slots/<int:pk>/waiting/", staff.waiting, name="waiting"),
    path("block-day/", staff.block_day, name="block_day"),
    path("unblock-day/", staff.unblock_day, name="unblock_day"),
    path("seats/", staff.seats, name="seats"),
]
