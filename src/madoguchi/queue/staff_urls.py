"""The clerks' queue pages under /staff/queue/."""

from django.urls import path

from .views import staff, supervisor

app_name = "queue_staff"
urlpatterns = [
    path("", staff.home, name="home"),
    path("windows/<int:number>/", staff.window, name="window"),
    path("windows/<int:number>/call-next/", staff.call_next, name="call-next"),
    path("windows/<int:number>/<slug:action>/", staff.act, name="act"),
    path("reception/", staff.reception, name="reception"),
    path("reception/issue/", staff.issue, name="issue"),
    path("overview/", supervisor.overview, name="overview"),
    path("estimates/", supervisor.estimates, name="estimates"),
]
