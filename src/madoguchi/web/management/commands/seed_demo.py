"""Fictional demo data for `madoguchi run`: idempotent, never real people.

Each capability adds its own demo data through a `seed_demo` hook in its app
(a module `demo.py` with a `seed()` function); this command runs them all.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Add the fictional demo data of every app (safe to run again)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("madoguchi."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as e:
                if e.name != f"{config.name}.demo":
                    raise
                continue
            summary = module.seed()
            self.stdout.write(f"{config.label}: {summary}")
