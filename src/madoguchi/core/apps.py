from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "madoguchi.core"
    label = "core"
    verbose_name = "The kernel: client address, problems, inputs, CSV, deployment checks"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .city import serving_city
        from .messages import serve_catalog_city

        # The texts naming the division name the served city's (core/messages.py).
        serve_catalog_city(serving_city)
