from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "madoguchi.forecast"
    label = "forecast"
    verbose_name = "The renewal wave: forecast, measured minutes, capacity"
    default_auto_field = "django.db.models.BigAutoField"
