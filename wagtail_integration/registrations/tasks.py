"""The registrations app's Celery tasks, where Celery's ``autodiscover_tasks()`` looks for them."""

from celery import shared_task

from ..exceptions import TRANSIENT_ERRORS
from .reminders import send_reminders

__all__ = ["send_due_reminders"]


@shared_task(
    name="wagtail_integration.registrations.send_due_reminders",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def send_due_reminders():
    """Remind the registrants whose date is near (beat job); return how many were reminded."""
    return send_reminders()
