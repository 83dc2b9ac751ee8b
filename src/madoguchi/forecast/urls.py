"""The public open-data page beside the JSON (/api/v1/open-data/availability)."""

from django.urls import path

from . import public_views

app_name = "open_data"
urlpatterns = [
    path("<lang:lang>/open-data/", public_views.open_data_page, name="page"),
]
