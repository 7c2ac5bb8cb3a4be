"""The package's settings: one dict, ``WAGTAIL_INTEGRATION``, read at call time.

Every key has a default here and an entry in ``docs/configuration.md``; a test keeps the two in
step. Read a value with :func:`get_setting` where it is used, never at import time, so that
``override_settings`` and per-process configuration work.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["DEFAULTS", "get_setting", "user_settings"]

#: Every key of ``WAGTAIL_INTEGRATION`` with its default.
DEFAULTS = {
    # More languages for organisations, events and links: a list of [code, own name] pairs.
    "EXTRA_LANGUAGES": [],
    # Seconds each check of ``GET health`` may take before it counts as failed.
    "HEALTH_CHECK_TIMEOUT": 2.0,
    # Seconds between two heartbeats of the Celery workers (a beat job).
    "WORKER_HEARTBEAT_INTERVAL": 60,
    # Seconds after which ``GET health`` reports the last worker heartbeat as stale.
    "WORKER_HEARTBEAT_MAX_AGE": 300,
}


def user_settings():
    """Return the host site's ``WAGTAIL_INTEGRATION`` dict (empty when unset)."""
    value = getattr(settings, "WAGTAIL_INTEGRATION", None) or {}
    if not isinstance(value, dict):
        raise ImproperlyConfigured("WAGTAIL_INTEGRATION must be a dict.")
    return value


def get_setting(name):
    """Return the value of ``WAGTAIL_INTEGRATION[name]``, or its default."""
    if name not in DEFAULTS:
        raise ImproperlyConfigured(f"Unknown WAGTAIL_INTEGRATION setting {name!r}.")
    return user_settings().get(name, DEFAULTS[name])
