"""The residents' booking pages, in every language (public surface)."""

from django.urls import path

from .views import link, manage, public

app_name = "booking"
urlpatterns = [
    path("<lang:lang>/book/link/", link.resend, name="resend"),
    path("<lang:lang>/book/manage/<str:token>/", manage.manage, name="manage"),
    path("<lang:lang>/book/manage/<str:token>/cancel/", manage.cancel, name="cancel"),
    path("<lang:lang>/book/manage/<str:token>/leave/", manage.leave, name="leave"),
    path("<lang:lang>/book/manage/<str:token>/change/", manage.change, name="change"),
    path("<lang:lang>/book/manage/<str:token>/booking.ics", manage.ics, name="ics"),
    path("<lang:lang>/book/manage/<str:token>/qr.svg", manage.qr, name="qr"),
    path("<lang:lang>/book/<slug:procedure_id>/", public.procedure, name="procedure"),
    path("<lang:lang>/book/<slug:procedure_id>/<str:day>/", public.day, name="day"),
    path("<lang:lang>/book/<slug:procedure_id>/slot/<int:slot_id>/", public.book, name="slot"),
    path("<lang:lang>/book/<slug:procedure_id>/slot/<int:slot_id>/wait/", public.wait, name="wait"),
]
