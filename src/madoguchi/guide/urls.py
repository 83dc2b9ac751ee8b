from django.urls import path

from . import interview_views, keep_views, search_views, views

app_name = "guide"
urlpatterns = [
    path("<translated:lang>/", views.procedure_list, name="procedures"),
    path("<translated:lang>/procedures/<slug:procedure_id>/", views.procedure_detail, name="procedure"),
    path("<translated:lang>/search/", search_views.search_page, name="search"),
    path("<translated:lang>/guide/", interview_views.start, name="start"),
    path("<translated:lang>/guide/q/<slug:question_id>/", interview_views.question, name="question"),
    path("<translated:lang>/guide/next/", interview_views.next_page, name="next"),
    path("<translated:lang>/guide/outcome/", interview_views.outcome_page, name="outcome"),
    path("<translated:lang>/guide/checklist.pdf", keep_views.checklist, name="checklist"),
    path("<translated:lang>/guide/visit.ics", keep_views.visit, name="visit"),
]
