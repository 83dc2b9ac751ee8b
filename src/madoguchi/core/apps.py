from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "madoguchi.core"
    label = "core"
    verbose_name = "The kernel: client address, problems, inputs, CSV, deployment checks"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
