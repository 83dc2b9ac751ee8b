"""Staff accounts' pages: login (two steps), logout, home, the audit search."""

from django.urls import path

from . import audit_views, views

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login-code"),
    path("logout/", views.logout, name="logout"),
    path("preferences/english/", views.english_preference, name="english-preference"),
    path("audit/", audit_views.audit_search, name="audit"),
]
