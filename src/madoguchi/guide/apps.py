from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "madoguchi.guide"
    label = "guide"
    verbose_name = "Residents' guide"
