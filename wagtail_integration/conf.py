"""The package's settings: one dict, ``WAGTAIL_INTEGRATION``, read at call time.

Every key has a default here and an entry in ``docs/configuration.md``; a test keeps the two in
step. Read a value with :func:`get_setting` where it is used, never at import time, so that
``override_settings`` and per-process configuration work.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["DEFAULTS", "get_setting", "submission_rate_limits", "user_settings"]

#: Every key of ``WAGTAIL_INTEGRATION`` with its default.
DEFAULTS = {
    # API: seconds a cache or CDN may keep a successful GET answer (Cache-Control); 0 for none.
    "API_CACHE_SECONDS": 60,
    # Time zone of new event series, as an IANA name.
    "DEFAULT_TIME_ZONE": "Europe/Berlin",
    # How far ahead occurrences of event series are materialised, in months.
    "OCCURRENCE_HORIZON_MONTHS": 24,
    # How far back occurrences are kept, in months (past evenings stay in feeds and archives).
    "OCCURRENCE_HISTORY_MONTHS": 12,
    # More languages for organisations, events and links: a list of [code, own name] pairs.
    "EXTRA_LANGUAGES": [],
    # Origins that may show the widgets' iframes (``frame-ancestors``); [] for none.
    "EMBED_FRAME_ANCESTORS": [],
    # Seconds each check of ``GET health`` may take before it counts as failed.
    "HEALTH_CHECK_TIMEOUT": 2.0,
    # Link checker: request private, loopback and link-local addresses too (tests only).
    "LINKCHECK_ALLOW_PRIVATE_ADDRESSES": False,
    # Link checker: days a check is kept in a link's history.
    "LINKCHECK_HISTORY_DAYS": 365,
    # Link checker: seconds after an answer from a host before the next request to it.
    "LINKCHECK_HOST_DELAY": 1.0,
    # Link checker: redirects followed before a link counts as failed.
    "LINKCHECK_MAX_REDIRECTS": 5,
    # Link checker: kilobytes of a response body read at most.
    "LINKCHECK_MAX_RESPONSE_KB": 64,
    # Link checker: hours after which a checked link is checked again by the next run.
    "LINKCHECK_RECHECK_AFTER_HOURS": 12,
    # Link checker: seconds to wait for a connection, and for each answer from the server.
    "LINKCHECK_TIMEOUT": 10.0,
    # Link checker: hosts checked at the same time.
    "LINKCHECK_WORKERS": 8,
    # Seconds a finished answer of the events API or a calendar feed is kept; 0 for never.
    "RESPONSE_CACHE_SECONDS": 600,
    # Review reminders: names of the groups whose members get every due guide.
    "REVIEW_REMINDER_GROUPS": ["Editors"],
    # Review reminders: days before a person is reminded again of the same due guide.
    "REVIEW_REMINDER_INTERVAL_DAYS": 7,
    # Public forms: the longest request body the API accepts, in kilobytes.
    "SUBMISSION_MAX_BODY_KB": 64,
    # Public forms: seconds a person needs at least between opening a form and sending it.
    "SUBMISSION_MIN_FILL_SECONDS": 3,
    # Public forms: hours a form stays valid after it was opened.
    "SUBMISSION_TOKEN_MAX_AGE_HOURS": 24,
    # Public forms: submissions accepted per address, form and period (django-ratelimit syntax);
    # "" for none (and then no attempt limit either, unless that is set).
    "SUBMISSION_RATE_LIMIT": "10/h",
    # Public forms: every POST per address, form and period, valid or not; "" for none.
    "SUBMISSION_ATTEMPT_RATE_LIMIT": "60/h",
    # Lists in another language than German: "source" shows what has no translation in German,
    # marked; "hide" leaves it out.
    "UNTRANSLATED_CONTENT": "source",
    # Retention: days after which a submission is due for deletion (coordinators may change it).
    "SUBMISSION_RETENTION_DAYS": 730,
    # Workspaces: minutes during which the author of a note may still change or delete it.
    "SUBMISSION_NOTE_EDIT_MINUTES": 15,
    # Retention of registrations: days after their date (or a course's first date) after which
    # they are anonymised (status and attendance kept for counts).
    "REGISTRATION_RETENTION_DAYS": 90,
    # Retention: "delete" or "anonymise" expired submissions.
    "SUBMISSION_RETENTION_ACTION": "delete",
    # Outbox: attempts to send one notification before it is marked as failed.
    "NOTIFICATION_MAX_ATTEMPTS": 8,
    # Sender address of every e-mail of the package; "" for Django's DEFAULT_FROM_EMAIL.
    "NOTIFICATION_FROM_EMAIL": "",
    # Outbox: seconds between two sweeps that send notifications a lost broker message left behind.
    "OUTBOX_SWEEP_INTERVAL": 120,
    # Outbox: seconds a notification waits for its own task before a sweep sends it.
    "OUTBOX_SWEEP_GRACE_SECONDS": 60,
    # Stammtisch invitations: days before each Stammtisch they go out by themselves; 0 for never.
    "STAMMTISCH_INVITATION_DAYS_BEFORE": 0,
    # Stammtisch invitations: the slug of the event category whose events are Stammtische.
    "STAMMTISCH_CATEGORY": "stammtisch",
    # Webhooks: tries to deliver one change notification before it is marked as failed.
    "WEBHOOK_MAX_ATTEMPTS": 8,
    # Webhooks: days a delivered or failed notification stays in the delivery log; 0 for ever.
    "WEBHOOK_LOG_DAYS": 30,
    # Webhooks: seconds to wait for a receiver to connect, and for its answer.
    "WEBHOOK_TIMEOUT": 10.0,
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


def submission_rate_limits():
    """``(accepted, attempts)``: the forms' two rate limits in force, "" for one that is off.

    ``SUBMISSION_RATE_LIMIT = ""`` has always switched the forms' limit off: a site that says so
    and does not name ``SUBMISSION_ATTEMPT_RATE_LIMIT`` counts no attempts either.
    """
    accepted = get_setting("SUBMISSION_RATE_LIMIT")
    attempts = get_setting("SUBMISSION_ATTEMPT_RATE_LIMIT")
    if not accepted and "SUBMISSION_ATTEMPT_RATE_LIMIT" not in user_settings():
        attempts = ""
    return accepted, attempts
