"""Values published in this repository for development and tests only.

They are here, not in settings, so that the deployment checks (core/checks.py)
can recognise them without importing a settings module.
"""

DEVELOPMENT_SECRET_KEY = "dev-only-not-secret-change-me-in-production-0123456789"
