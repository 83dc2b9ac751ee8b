from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "madoguchi.staff"
    label = "staff"
    verbose_name = "Staff accounts: roles, two-factor login, API tokens"
