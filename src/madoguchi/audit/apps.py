from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "madoguchi.audit"
    label = "audit"
    verbose_name = "Audit log of personal data access"
