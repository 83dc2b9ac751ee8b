"""The supervisors' forecast pages under /staff/forecast/."""

from django.urls import path

from . import views

app_name = "forecast_staff"
urlpatterns = [
    path("", views.page, name="page"),
    path("chart.svg", views.chart, name="chart"),
    path("forecast.csv", views.csv_download, name="csv"),
    path("apply/", views.apply, name="apply"),
    path("openings/", views.openings, name="openings"),
    path("openings/add/", views.add_opening, name="add_opening"),
    path("openings/<int:pk>/remove/", views.remove_opening, name="remove_opening"),
]
