"""The submissions' Celery tasks, where Celery's ``autodiscover_tasks()`` looks for them.

A worker imports ``<app>.tasks`` of every installed app; without this module the daily retention
job would be unknown to it (nothing else imports :mod:`.retention` when a worker starts).
"""

from .outbox import send_notification, sweep_outbox
from .retention import purge_expired_submissions

__all__ = ["purge_expired_submissions", "send_notification", "sweep_outbox"]
