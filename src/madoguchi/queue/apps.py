from django.apps import AppConfig


class QueueConfig(AppConfig):
    name = "madoguchi.queue"
    label = "queue"
    verbose_name = "The line at the counter: tickets, calls, live waits"
    default_auto_field = "django.db.models.BigAutoField"
