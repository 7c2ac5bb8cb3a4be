"""System checks for the host site's configuration of the package.

Registered in :meth:`wagtail_integration.apps.WagtailIntegrationConfig.ready`:

- :func:`check_settings`: the ``WAGTAIL_INTEGRATION`` dict (W001, E001, E002);
- :func:`check_required_apps`: the apps the package needs, its own included (E003), always;
- :func:`check_translation_settings`: wagtail-localize publishing new translations (W002);
- :func:`check_deployment`: what ``manage.py check --deploy`` warns about (W010–W015). The same
  conditions, from :func:`deployment_problems`, make ``GET health`` answer ``degraded``.
"""

import importlib.util
import pkgutil
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .conf import DEFAULTS, get_setting, submission_rate_limits, user_settings

__all__ = [
    "REQUIRED_APPS",
    "Problem",
    "check_deployment",
    "check_required_apps",
    "check_settings",
    "check_translation_settings",
    "deployment_problems",
    "package_apps",
]


def check_settings(app_configs=None, **kwargs):
    """Warn about unknown keys and refuse values of the wrong type in ``WAGTAIL_INTEGRATION``."""
    messages = []
    try:
        configured = user_settings()
    except ImproperlyConfigured as exc:  # not a dict
        return [checks.Error(str(exc), id="wagtail_integration.E001")]
    for key, value in configured.items():
        if key not in DEFAULTS:
            messages.append(
                checks.Warning(
                    f"WAGTAIL_INTEGRATION has an unknown key {key!r}.",
                    hint="Check the spelling against the configuration reference in the docs.",
                    id="wagtail_integration.W001",
                )
            )
            continue
        if not _has_type_of(value, DEFAULTS[key]):
            messages.append(
                checks.Error(
                    f"WAGTAIL_INTEGRATION[{key!r}] must be of type "
                    f"{type(DEFAULTS[key]).__name__}, not {type(value).__name__}.",
                    id="wagtail_integration.E002",
                )
            )
    return messages


def _has_type_of(value, default):
    """Whether ``value`` may stand where ``default`` stands (an int may stand for a float)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def check_translation_settings(app_configs=None, **kwargs):
    """W002: wagtail-localize publishes a page sent for translation at once, in German.

    Its default (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True``) makes the new
    translation of a live page live with the source's text before anyone translated it: the
    lists and the API would offer German text as the translation. With ``False`` it stays a
    draft until a person publishes the translation.
    """
    if not apps.is_installed("wagtail_localize") or not getattr(
        settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True
    ):
        return []
    return [
        checks.Warning(
            "wagtail-localize publishes a page sent for translation at once, with the text of "
            "its source: visitors and the API get German text as the translation.",
            hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False: a new translation "
            "then stays a draft until its translation is published.",
            id="wagtail_integration.W002",
        )
    ]


#: The apps the package needs beyond its own and its dependencies', and what breaks without each.
#: (``wagtail.contrib.routable_page`` is not one: ``RoutablePageMixin`` works without the app,
#: which only adds a template tag the package does not use; nor is ``django.contrib.sitemaps``.
#: Without ``wagtail.images`` Django cannot even set up, so no check could tell.)
REQUIRED_APPS = {
    "wagtail.contrib.settings": "the privacy notice and the coordinators' addresses are "
    "Wagtail site settings, and without the app every admin page fails to find their edit view",
    "wagtail.documents": "the guides' downloads block chooses Wagtail documents, and without "
    "the app the page editor fails to find the document chooser",
    "recurrence": "the page editor of an event series edits its rule with django-recurrence's "
    "widget, whose script and styles only the installed app serves",
}


#: Why each app of the package itself is needed: no domain app is optional.
PACKAGE_APP_REASON = "the package's apps build on one another and are installed together"


def package_apps():
    """The package's own apps: the core and each sub-package with an ``apps.py``.

    Found on disk, so that the core names no domain: a new domain app is required as soon as
    it exists.
    """
    names = [__package__]
    for module in pkgutil.iter_modules(importlib.import_module(__package__).__path__):
        name = f"{__package__}.{module.name}"
        if module.ispkg and importlib.util.find_spec(f"{name}.apps") is not None:
            names.append(name)
    return names


def check_required_apps(app_configs=None, **kwargs):
    """Refuse a site that lacks an app the package needs (an error, not a NoReverseMatch later)."""
    needed = {**REQUIRED_APPS, **dict.fromkeys(package_apps(), PACKAGE_APP_REASON)}
    return [
        checks.Error(
            f"INSTALLED_APPS lacks {name!r}, which wagtail-integration needs: {why}.",
            hint=f"Add {name!r} to INSTALLED_APPS, as the installation guide lists it.",
            id="wagtail_integration.E003",
        )
        for name, why in needed.items()
        if not apps.is_installed(name)
    ]


@dataclass(frozen=True)
class Problem:
    """A condition that works for a demo but not for the public: why, and what to do.

    ``message`` is in the active language (``GET health`` gives it in the request's language);
    the system check makes it in English, beside Django's own messages. ``hint`` is English.
    """

    id: str
    message: str
    hint: str


#: Host names that point back at the machine that reads them.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - a name, not a bind

#: Cache backends that every process (or every server) keeps for itself.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


def _is_local(hostname):
    hostname = (hostname or "").strip("[]").lower()
    return not hostname or hostname in LOCAL_HOSTS or hostname.endswith(".localhost")


def _celery_problems():
    from celery import current_app

    conf = current_app.conf
    if conf.task_always_eager:
        return [
            Problem(
                "wagtail_integration.W010",
                _(
                    "Background jobs run inside the web requests (Celery's eager mode): a slow "
                    "mail server slows the forms down, and no periodic job runs (outbox sweep, "
                    "link checks, reminders)."
                ),
                "Set CELERY_TASK_ALWAYS_EAGER = False and CELERY_BROKER_URL to your Redis, and "
                "run a Celery worker with beat (see Background jobs in the docs).",
            )
        ]
    if str(conf.broker_url or "").startswith("memory://"):
        return [
            Problem(
                "wagtail_integration.W011",
                _(
                    "The Celery broker is memory://: background jobs stay in the process that "
                    "sent them and no worker ever runs them."
                ),
                "Set CELERY_BROKER_URL to your Redis, e.g. redis://127.0.0.1:6379/0.",
            )
        ]
    return []


def _per_process_cache(alias):
    """The backend path of cache ``alias`` when it is not shared between processes, else ''."""
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    try:
        cls = import_string(backend)
    except ImportError:
        return ""  # Django's own checks name a backend that cannot be imported
    per_process = tuple(import_string(path) for path in PER_PROCESS_CACHES)
    return backend if issubclass(cls, per_process) else ""


def _cache_problems():
    problems = []
    if any(submission_rate_limits()) and getattr(settings, "RATELIMIT_ENABLE", True):
        alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
        if backend := _per_process_cache(alias):
            problems.append(
                Problem(
                    "wagtail_integration.W012",
                    _(
                        "The forms' rate limit counts in the cache “%(alias)s” (%(backend)s), "
                        "which is not shared by every process that serves the site: each "
                        "process counts on its own and forgets on restart."
                    )
                    % {"alias": alias, "backend": backend},
                    "Use a shared cache (Redis: wagtail_integration.cache.ResilientRedisCache), "
                    "or turn the limits off with WAGTAIL_INTEGRATION['SUBMISSION_RATE_LIMIT'] "
                    "= '' (and SUBMISSION_ATTEMPT_RATE_LIMIT = '' if you set it).",
                )
            )
    if get_setting("RESPONSE_CACHE_SECONDS") > 0 and (backend := _per_process_cache("default")):
        problems.append(
            Problem(
                "wagtail_integration.W013",
                _(
                    "Answers of the API and the calendar feeds are kept in the cache "
                    "“%(alias)s” (%(backend)s), which is not shared by every process that "
                    "serves the site: after a change, other processes keep serving the old "
                    "answer."
                )
                % {"alias": "default", "backend": backend},
                "Use a shared cache (Redis: wagtail_integration.cache.ResilientRedisCache), "
                "or keep no answers with WAGTAIL_INTEGRATION['RESPONSE_CACHE_SECONDS'] = 0.",
            )
        )
    return problems


def _base_url_problems():
    url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not _is_local(urlsplit(url).hostname):
        return []
    return [
        Problem(
            "wagtail_integration.W014",
            _(
                "WAGTAILADMIN_BASE_URL is unset or names this machine (“%(url)s”): the links "
                "to the admin in notification mails do not open for the people who get them."
            )
            % {"url": url},
            "Set WAGTAILADMIN_BASE_URL to the address editors open the admin at, e.g. "
            "https://www.example.org.",
        )
    ]


def _site_problems(using=None):
    """The default Site still named after this machine; nothing when the table cannot be read.

    The database may not exist or be migrated yet (``check --deploy`` before ``migrate``): that
    is for ``migrate`` to say, so a database error here counts as no problem.
    """
    from wagtail.models import Site

    try:
        site = Site.objects.using(using).filter(is_default_site=True).first()
    except DatabaseError:
        return []
    if site is None or not _is_local(site.hostname):
        return []
    return [
        Problem(
            "wagtail_integration.W015",
            _(
                "The default Site is still named “%(hostname)s”: every address in API answers, "
                "calendar feeds and mails points to %(root_url)s."
            )
            % {"hostname": site.hostname, "root_url": site.root_url},
            "Set the default Site's hostname and port to the site's public address in the "
            "Wagtail admin under Settings → Sites.",
        )
    ]


def deployment_problems(using=None, database=True):
    """Return the :class:`Problem` list of a site that runs with ``DEBUG = False``.

    Empty under ``DEBUG = True``: eager jobs, a local cache and a local address are right for a
    developer's machine. ``using`` names the database to read the default Site from;
    ``database=False`` leaves that condition out.
    """
    if settings.DEBUG:
        return []
    return [
        *_celery_problems(),
        *_cache_problems(),
        *_base_url_problems(),
        *(_site_problems(using) if database else []),
    ]


def check_deployment(app_configs=None, databases=None, **kwargs):
    """``check --deploy``: a warning for each of :func:`deployment_problems`.

    Registered with ``deploy=True`` and not tagged ``database``, so that a plain ``check --deploy``
    runs it; it reads the default Site from the first database Django names, else the default.
    """
    using = next(iter(databases), None) if databases else None
    with translation.override(None):  # English, as Django's own messages
        return [
            checks.Warning(str(problem.message), hint=problem.hint, id=problem.id)
            for problem in deployment_problems(using)
        ]
