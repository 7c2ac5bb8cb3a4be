"""Test settings: SQLite unless DATABASE_URL names PostgreSQL; Celery eager unless a test says."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, PROJECT_DIR, redis_cache, tune_sqlite, with_database_apps

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]

# The SQLite test database is a file, so that a Celery worker process can open it as well;
# one per test process, so that two runs on one machine do not share it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{PROJECT_DIR / 'var' / 'test.sqlite3'}", conn_max_age=0
    )
}
tune_sqlite(DATABASES)
INSTALLED_APPS = with_database_apps(INSTALLED_APPS, DATABASES)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {
        "NAME": str(PROJECT_DIR / "var" / f"test-run-{os.getpid()}.sqlite3")
    }

# Tests run jobs in-process; the worker tests start a real worker and switch eager mode off.
CELERY_BROKER_URL = os.environ.get("REDIS_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A worker process a test starts shares that test's cache on Redis (tests/events/test_answer_cache).
if os.environ.get("TEST_CACHE_REDIS_URL"):
    CACHES = {
        "default": {
            **redis_cache(os.environ["TEST_CACHE_REDIS_URL"]),
            "KEY_PREFIX": os.environ.get("TEST_CACHE_KEY_PREFIX", ""),
        }
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# The translation editor offers a machine translator the browser test can press.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
