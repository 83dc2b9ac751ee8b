"""The queue's public pages (wait times, lobby display, phone page) and live streams."""

from django.urls import path

from .views import kiosk, public

app_name = "queue"
urlpatterns = [
    path("<lang:lang>/queue/", public.waits, name="waits"),
    path("<lang:lang>/queue/t/<str:token>/", public.ticket_page, name="ticket"),
    path("<lang:lang>/queue/t/<str:token>/mail", public.ticket_mail, name="ticket-mail"),
    path("queue/display/<slug:office>/", public.display, name="display"),
    path("<lang:lang>/queue/kiosk/<str:key>/", kiosk.kiosk, name="kiosk"),
    path("<lang:lang>/queue/kiosk/<str:key>/t/<str:token>/", kiosk.kiosk_ticket, name="kiosk-ticket"),
    path("live/queue/<slug:office>/display", public.display_stream, name="display-stream"),
    path("live/queue/<slug:office>/waits/<str:lang>", public.waits_stream, name="waits-stream"),
    path("live/queue/ticket/<str:token>/<str:lang>", public.ticket_stream, name="ticket-stream"),
]
