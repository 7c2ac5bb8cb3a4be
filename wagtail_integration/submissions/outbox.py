"""The outbox: notifications stored with what they are about, sent exactly once by Celery."""

import datetime
import logging
import smtplib

from celery import shared_task
from django.core.mail import get_connection
from django.utils import timezone, translation

from ..conf import get_setting
from ..outbox import claim, retry_delay, sweep
from .models import Notification

__all__ = [
    "notification_for",
    "retry_delay",
    "send_notification",
    "sweep_outbox",
]

logger = logging.getLogger(__name__)


def notification_for(obj, kind, recipient, language, **context):
    """An unsaved outbox row about ``obj``."""
    return Notification(
        subject=obj, kind=kind, recipient=recipient, language=language, context=context
    )


def _describe(exc):
    # Never the message itself: SMTP servers quote the refused address.
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__} {exc.smtp_code}"
    return type(exc).__name__


@shared_task(
    bind=True,
    name="wagtail_integration.submissions.send_notification",
    max_retries=None,
    default_retry_delay=60,
)
def send_notification(self, notification_id):
    """Send one outbox row unless it is sent or being sent; record the outcome on the row.

    Returns what happened: ``"sent"``, ``"skipped"`` (sent, failed for good, being sent by
    another task, or gone), ``"dropped"`` (what it was about was erased), ``"pending"`` (failed,
    tried again later) or ``"failed"`` (failed ``NOTIFICATION_MAX_ATTEMPTS`` times).
    """
    now = timezone.now()
    if not claim(Notification, notification_id, now):
        return "skipped"
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:  # erased between the claim and now
        return "dropped"
    subject = notification.subject
    if subject is None:  # erased since: nothing to say to anyone
        notification.delete()
        return "dropped"
    try:
        with translation.override(notification.language):
            message = subject.render_notification(notification)
        message.extra_headers.setdefault("X-Integration-Notification", str(notification.pk))
        message.connection = get_connection()
        message.send()
    # Deliberately broad: whatever fails (the mail server, or a bug rendering this one mail), it
    # is written on the row and logged, and the other notifications go on being sent.
    except Exception as exc:
        failed = notification.attempts >= get_setting("NOTIFICATION_MAX_ATTEMPTS")
        delay = retry_delay(self, notification.attempts)
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
            # On a waiting row, the time before which the sweep leaves it to its retry.
            claimed_until=None if failed else timezone.now() + datetime.timedelta(seconds=delay),
            last_error=_describe(exc),
        )
        logger.warning(
            "Notification %s not sent (attempt %s): %s",
            notification.pk,
            notification.attempts,
            _describe(exc),
        )
        if failed:
            return "failed"
        if self.request.is_eager:
            # In eager mode a retry would block the request; the sweep tries again later.
            return "pending"
        raise self.retry(countdown=delay) from exc
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "sent"


@shared_task(name="wagtail_integration.submissions.sweep_outbox", ignore_result=True)
def sweep_outbox():
    """Enqueue every notification still waiting: the broker was down, or a worker died.

    A row waits when it is older than ``OUTBOX_SWEEP_GRACE_SECONDS`` (its own task had time to
    run) and not held back for a retry, or when its claim ran out. Returns how many it enqueued.
    """
    return sweep(Notification, send_notification)
