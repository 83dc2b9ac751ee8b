"""The residents' booking pages, in every language (public surface)."""

from django.urls import path

from .views import link, manage, public

app_name = "booking"
urlpatterns = [
    path("<translated:lang>/book/link/", link.resend, name="resend"),
    path("<translated:lang>/book/manage/<str:token>/", manage.manage, name="manage"),
    path("<translated:lang>/book/manage/<str:token>/cancel/", manage.cancel, name="cancel"),
    path("<translated:lang>/book/manage/<str:token>/leave/", manage.leave, name="leave"),
    path("<translated:lang>/book/manage/<str:token>/change/", manage.change, name="change"),
    path("<translated:lang>/book/manage/<str:token>/booking.ics", manage.ics, name="ics"),
    path("<translated:lang>/book/manage/<str:token>/qr.svg", manage.qr, name="qr"),
    path("<translated:lang>/book/<slug:procedure_id>/", public.procedure, name="procedure"),
    path("<translated:lang>/book/<slug:procedure_id>/<str:day>/", public.day, name="day"),
    path("<translated:lang>/book/<slug:procedure_id>/slot/<int:slot_id>/", public.book, name="slot"),
    path("<translated:lang>/book/<slug:procedure_id>/slot/<int:slot_id>/wait/", public.wait, name="wait"),
]
