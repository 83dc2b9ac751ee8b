"""The clerk's pages under /staff/ (the staff home itself is staff.urls')."""

from django.urls import path

from . import views

app_name = "counter"
urlpatterns = [
    path("residents/", views.search, name="search"),
    path("residents/<int:resident_id>/", views.resident, name="resident"),
    path("residents/<int:resident_id>/reveal/", views.reveal, name="reveal"),
    path("residents/<int:resident_id>/language/", views.notice_language, name="notice-language"),
    path("cards/<int:card_id>/do/<slug:action>/", views.procedure, name="procedure"),
    path("cards/<int:card_id>/do/<slug:action>/form.pdf", views.prefilled_form, name="prefilled-form"),
    path("cases/<int:case_id>/receipt.pdf", views.receipt_pdf, name="receipt"),
    path("cases/<int:case_id>/copy.pdf", views.case_copy_pdf, name="case-copy"),
]
