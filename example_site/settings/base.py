"""Settings shared by every environment of the example city site."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

INSTALLED_APPS = [
    "example_site.home",
    "example_site.search",
    # The package: the core app first, then one app per domain.
    "wagtail_integration",
    "wagtail_integration.directory",
    "wagtail_integration.topics",
    "wagtail_integration.linkcheck",
    "wagtail_integration.events",
    "wagtail_integration.submissions",
    "wagtail_integration.volunteering",
    "wagtail_integration.honours",
    "wagtail_integration.registrations",
    "wagtail_integration.api",
    "wagtail_integration.embed",
    # What the package builds on.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "recurrence",
    "ninja",
    "corsheaders",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "example_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages (DESIGN §5): German is the source; every language here is served and translatable.
LANGUAGE_CODE = "de"
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("fa", "فارسی"),
]
# Leichte Sprache is German to easy-to-read rules: a content language, its interface German
# (no catalog of its own), not an admin language. The package adds its LANG_INFO entry.
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    *WAGTAILADMIN_PERMITTED_LANGUAGES,
    ("de-x-ls", "Leichte Sprache"),
]
WAGTAIL_I18N_ENABLED = True
# A page sent for translation becomes a draft until its translation is published, instead of a
# live copy with the German text under another language (wagtail_integration.W002).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / "var" / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Stadt Koblenz – Integration"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]


def _origins(variable):
    """The origins in the comma-separated environment ``variable``."""
    return [o.strip().rstrip("/") for o in os.environ.get(variable, "").split(",") if o.strip()]


# The city portal reads the API from another origin (CORS) and frames the widgets' iframes
# (docs/embedding.md): EMBED_ORIGINS names its origins once for both, comma-separated;
# CORS_ALLOWED_ORIGINS adds origins that only call the API. Any other origin gets no CORS header.
EMBED_ORIGINS = _origins("EMBED_ORIGINS")
CORS_URLS_REGEX = r"^/api/integration/.*$"
CORS_ALLOWED_ORIGINS = list(dict.fromkeys([*EMBED_ORIGINS, *_origins("CORS_ALLOWED_ORIGINS")]))

# Paging of the API's lists (django-ninja's LimitOffsetPagination).
NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 100

# Background jobs: Celery on Redis when REDIS_URL is set, eager in the web process otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE


def redis_cache(url):
    """The cache on Redis that answers as a miss while Redis is down (pages keep working)."""
    return {
        "BACKEND": "wagtail_integration.cache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

WAGTAIL_INTEGRATION = {"EMBED_FRAME_ANCESTORS": EMBED_ORIGINS}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "wagtail_integration": {"handlers": ["console"], "level": "INFO"},
        # Without DEBUG, Django logs request errors nowhere else: gunicorn's log should show them.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}


def tune_sqlite(databases):
    """Let SQLite writers wait for each other instead of failing at once.

    A submission reads (the privacy notice's version) before it writes; in SQLite's default
    deferred mode a second writer then fails with "database is locked" at once. IMMEDIATE
    transactions take the write lock first and wait up to the timeout for it.
    """
    for database in databases.values():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            database.setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
    return databases


def with_database_apps(installed_apps, databases):
    """Add django.contrib.postgres when the default database is PostgreSQL.

    Wagtail's search index uses PostgreSQL's full-text fields there, and Django 6.1 checks that
    the app is installed.
    """
    if databases["default"]["ENGINE"] == "django.db.backends.postgresql":
        return [*installed_apps, "django.contrib.postgres"]
    return installed_apps
