from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("<lang:lang>/", views.procedure_list, name="procedures"),
    path("<lang:lang>/procedures/<slug:procedure_id>/", views.procedure_detail, name="procedure"),
]
