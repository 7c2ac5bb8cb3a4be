"""Production settings: everything comes from the environment.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``, ``REDIS_URL``.
Optional: ``RATELIMIT_IP_META_KEY`` (the header with the visitor's address behind a proxy).
Mail: ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``,
``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``. Optional: ``EMBED_ORIGINS`` (the city portal's
origins: they may frame the widgets and call the API), ``CORS_ALLOWED_ORIGINS`` (more origins
that only call the API), ``CSRF_TRUSTED_ORIGINS``, ``WAGTAILADMIN_BASE_URL``, ``MEDIA_ROOT``;
machine translation: ``LIBRETRANSLATE_URL`` (and ``LIBRETRANSLATE_API_KEY``) or
``DEEPL_AUTH_KEY``.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, redis_cache, tune_sqlite, with_database_apps


def _require(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def _list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = False
SECRET_KEY = _require("SECRET_KEY")
ALLOWED_HOSTS = _require("ALLOWED_HOSTS") and _list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": dj_database_url.parse(_require("DATABASE_URL"), conn_max_age=600)}
tune_sqlite(DATABASES)
INSTALLED_APPS = with_database_apps(INSTALLED_APPS, DATABASES)

REDIS_URL = _require("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {"default": redis_cache(REDIS_URL)}
# Wagtail's own background tasks (django-tasks) and wagtail-localize's jobs on the same workers.
TASKS = {"default": {"BACKEND": "wagtail_integration.tasks.CeleryTaskBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_integration.tasks.CeleryJobBackend"}
# Behind the city's load balancer every request comes from it: count the forms' rate limit per
# visitor by the header the balancer sets (e.g. HTTP_X_FORWARDED_FOR; the balancer must
# overwrite it, not append to what a visitor sent).
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in {"1", "true", "yes"}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Machine translation (wagtail-localize) -------------------------------------------------
# Optional, and at most one service. The machine's texts are drafts: stored as "machine"
# translations, published only when a person publishes the translation, listed in the
# translation status report until a person has reviewed them, and never into or out of
# Leichte Sprache (wagtail_integration.machine_translation refuses that).
#   LibreTranslate (a city can run it on its own servers): LIBRETRANSLATE_URL, optional
#   LIBRETRANSLATE_API_KEY. DeepL: DEEPL_AUTH_KEY. Neither set: no machine translation.
_libretranslate_url = os.environ.get("LIBRETRANSLATE_URL", "").strip().rstrip("/")
_deepl_auth_key = os.environ.get("DEEPL_AUTH_KEY", "").strip()
if _libretranslate_url and _deepl_auth_key:
    raise ImproperlyConfigured(
        "Set either LIBRETRANSLATE_URL or DEEPL_AUTH_KEY, not both: "
        "the translation editor offers one machine translator."
    )
if _libretranslate_url:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_integration.machine_translation.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": _libretranslate_url,
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", "").strip(),
        },
    }
elif _deepl_auth_key:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_integration.machine_translation.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": _deepl_auth_key},
    }
