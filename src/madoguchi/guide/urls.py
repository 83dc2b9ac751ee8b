from django.urls import path

from . import interview_views, keep_views, search_views, views

app_name = "guide"
urlpatterns = [
    path("<lang:lang>/", views.procedure_list, name="procedures"),
    path("<lang:lang>/procedures/<slug:procedure_id>/", views.procedure_detail, name="procedure"),
    path("<lang:lang>/search/", search_views.search_page, name="search"),
    path("<lang:lang>/guide/", interview_views.start, name="start"),
    path("<lang:lang>/guide/q/<slug:question_id>/", interview_views.question, name="question"),
    path("<lang:lang>/guide/next/", interview_views.next_page, name="next"),
    path("<lang:lang>/guide/outcome/", interview_views.outcome_page, name="outcome"),
    path("<lang:lang>/guide/checklist.pdf", keep_views.checklist, name="checklist"),
    path("<lang:lang>/guide/visit.ics", keep_views.visit, name="visit"),
]
