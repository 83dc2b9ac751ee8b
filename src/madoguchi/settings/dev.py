"""Local development and the demo (`make run`)."""

from .base import *  # noqa: F403

DEBUG = True

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
