from django.apps import AppConfig


class ForecastConfig(AppConfig):
    name = "madoguchi.forecast"
    label = "forecast"
    verbose_name = "The renewal wave: forecast, measured minutes, capacity"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The calendar reads the supervisors' extra openings through the kernel.
        from madoguchi.core.city import register_staff_openings

        from .openings import staff_openings

        register_staff_openings(staff_openings)
