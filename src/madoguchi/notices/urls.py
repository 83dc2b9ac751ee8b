from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.day_list, name="day"),
    path("letters.pdf", views.day_letters_pdf, name="day_letters"),
    path("letters.csv", views.day_csv, name="day_csv"),
    path("<int:notice_id>/letter.pdf", views.letter_pdf, name="letter"),
    path("<int:notice_id>/undeliverable", views.undeliverable, name="undeliverable"),
]
