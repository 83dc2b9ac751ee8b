from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "madoguchi.notices"
    label = "notices"
    verbose_name = "Notices: letters and messages"
