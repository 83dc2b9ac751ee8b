from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "madoguchi.staff"
    label = "staff"
    verbose_name = "Staff accounts: roles, two-factor login, API tokens"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the key checks)
