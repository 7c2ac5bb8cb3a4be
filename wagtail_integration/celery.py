"""What a host site's Celery app needs from the package.

In the host site's ``celery.py``::

    from wagtail_integration.celery import beat_schedule

    app.conf.beat_schedule = {**beat_schedule(), **app.conf.beat_schedule}
"""

from celery.schedules import crontab

from .conf import get_setting

__all__ = ["beat_schedule"]


def beat_schedule():
    """Return the periodic jobs of the installed package as a Celery ``beat_schedule`` dict."""
    return {
        "wagtail-integration-heartbeat": {
            "task": "wagtail_integration.record_heartbeat",
            "schedule": float(get_setting("WORKER_HEARTBEAT_INTERVAL")),
        },
        # Early on Monday and every morning: done before the editors start work.
        "wagtail-integration-check-links": {
            "task": "wagtail_integration.topics.check_links",
            "schedule": crontab(minute=30, hour=3, day_of_week="mon"),
        },
        # Nightly: the rolling horizon of materialised event occurrences moves on by a day.
        "wagtail-integration-refresh-occurrences": {
            "task": "wagtail_integration.events.refresh_all_occurrences",
            "schedule": crontab(minute=15, hour=2),
        },
        "wagtail-integration-review-reminders": {
            "task": "wagtail_integration.topics.send_review_reminders",
            "schedule": crontab(minute=0, hour=7),
        },
        # Sends the notifications whose task never reached the broker, or whose worker died.
        "wagtail-integration-sweep-outbox": {
            "task": "wagtail_integration.submissions.sweep_outbox",
            "schedule": float(get_setting("OUTBOX_SWEEP_INTERVAL")),
        },
        # Retention: at night, before anyone looks at the submissions of the day.
        "wagtail-integration-purge-expired-submissions": {
            "task": "wagtail_integration.submissions.purge_expired_submissions",
            "schedule": crontab(minute=0, hour=4),
        },
        # Sends the Stammtisch invitations that are due (STAMMTISCH_INVITATION_DAYS_BEFORE).
        "wagtail-integration-stammtisch-invitations": {
            "task": "wagtail_integration.volunteering.send_due_invitations",
            "schedule": crontab(minute=0, hour=8),
        },
    }
