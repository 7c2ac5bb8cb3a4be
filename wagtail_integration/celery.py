"""What a host site's Celery app needs from the package.

In the host site's ``celery.py``::

    from wagtail_integration.celery import beat_schedule

    app.conf.beat_schedule = {**beat_schedule(), **app.conf.beat_schedule}
"""

from .conf import get_setting

__all__ = ["beat_schedule"]


def beat_schedule():
    """Return the periodic jobs of the installed package as a Celery ``beat_schedule`` dict."""
    return {
        "wagtail-integration-heartbeat": {
            "task": "wagtail_integration.record_heartbeat",
            "schedule": float(get_setting("WORKER_HEARTBEAT_INTERVAL")),
        },
    }
