"""What every outbox of the package shares: claiming a row, the retry delay, the sweep.

An outbox row (the submissions' e-mail ``Notification``, the portal's ``WebhookDelivery``) is
written with the change it is about and sent by a Celery task. Its model has ``status`` with
``PENDING`` and ``SENDING`` among its ``Status`` choices, ``claimed_until``, ``attempts`` and
``created_at``. A task sends a row only after :func:`claim` took it, so it is sent once however
many tasks were enqueued for it; :func:`sweep` enqueues again what a lost broker message or a
dead worker left waiting.
"""

import datetime
import logging

from django.db.models import F, Q
from django.utils import timezone

from .conf import get_setting

__all__ = [
    "CLAIM_SECONDS",
    "RETRY_MAX_SECONDS",
    "SWEEP_BATCH",
    "claim",
    "retry_delay",
    "sweep",
    "waiting",
]

logger = logging.getLogger(__name__)

#: How long a worker may take to send one row before the sweep may try again.
CLAIM_SECONDS = 300
#: The longest pause between two tries of one row.
RETRY_MAX_SECONDS = 3600
#: Rows one sweep enqueues at most; the next sweep takes the rest.
SWEEP_BATCH = 1000


def claim(model, pk, now):
    """Take the row ``pk`` of ``model`` for sending: 1 if this caller may send it, else 0.

    A pending row, or one whose sender's claim ran out, becomes ``SENDING`` until
    ``now + CLAIM_SECONDS``, and its ``attempts`` count one more; in one UPDATE, so two tasks
    never both get it.
    """
    return (
        model.objects.filter(pk=pk)
        .filter(
            Q(status=model.Status.PENDING) | Q(status=model.Status.SENDING, claimed_until__lt=now)
        )
        .update(
            status=model.Status.SENDING,
            claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    )


def retry_delay(task, attempts):
    """Seconds before the next try after ``attempts`` failed ones: doubling, at most an hour.

    The first pause is the task's ``default_retry_delay`` (60 s); a site changes it with Celery's
    ``task_annotations``.
    """
    return min(task.default_retry_delay * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)


def waiting(model, now=None):
    """Ids of the rows of ``model`` a sweep sends, oldest first, at most ``SWEEP_BATCH``.

    A row waits when it is older than ``OUTBOX_SWEEP_GRACE_SECONDS`` (its own task had time to
    run) and not held back for a retry, or when its claim ran out.
    """
    now = now or timezone.now()
    grace = now - datetime.timedelta(seconds=get_setting("OUTBOX_SWEEP_GRACE_SECONDS"))
    return (
        model.objects.filter(
            Q(
                Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
                status=model.Status.PENDING,
                created_at__lt=grace,
            )
            | Q(status=model.Status.SENDING, claimed_until__lt=now)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def sweep(model, task):
    """Enqueue ``task`` for every waiting row of ``model``; return how many were enqueued."""
    count = 0
    for pk in waiting(model):
        try:
            task.apply_async(args=(pk,))
        except Exception:  # deliberately broad: the rows wait, logged, for the next sweep
            logger.warning(
                "%s sweep: the broker cannot be reached; the next sweep tries again.",
                model._meta.verbose_name,
            )
            break
        count += 1
    return count
