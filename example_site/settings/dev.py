"""Development settings: SQLite in ``var/``, console mail, Celery eager unless REDIS_URL is set."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, PROJECT_DIR, REDIS_URL, tune_sqlite, with_database_apps

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'var' / 'demo.sqlite3'}", conn_max_age=0
    )
}
tune_sqlite(DATABASES)
INSTALLED_APPS = with_database_apps(INSTALLED_APPS, DATABASES)

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# With REDIS_URL (and `make worker`), Wagtail's and wagtail-localize's background work runs on
# the worker, as in production; without it, in the web process (their defaults).
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "wagtail_integration.tasks.CeleryTaskBackend"}}
    WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_integration.tasks.CeleryJobBackend"}

# Links in mails open on the demo: `make demo` serves on 127.0.0.1:$PORT and sets the default
# Site to the same address (configure_demo_site).
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
)
