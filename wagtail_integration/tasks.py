"""Background jobs of the core app, and the one way the package enqueues jobs.

Jobs take ids, not objects, and are enqueued with :func:`enqueue_on_commit` so that a worker never
sees a row before its transaction has committed.
"""

import functools
import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

__all__ = ["enqueue_on_commit", "record_heartbeat"]

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args, using=None, **kwargs):
    """Send ``task`` with ``args`` once the current transaction commits.

    A broker that is down must not undo what the request has already stored: the failure is
    logged, and the periodic sweeps of the domain that owns the job find the work again.
    """
    transaction.on_commit(functools.partial(_send, task, args, kwargs), using=using, robust=True)


def _send(task, args, kwargs):
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.exception("Could not enqueue %s; a sweep will pick the work up again.", task.name)


@shared_task(name="wagtail_integration.record_heartbeat", ignore_result=True)
def record_heartbeat():
    """Record that a worker on this host is alive; ``GET health`` reports the time."""
    from .models import WorkerHeartbeat

    request = record_heartbeat.request
    WorkerHeartbeat.objects.update_or_create(
        hostname=request.hostname,
        defaults={"last_seen": timezone.now(), "task_id": request.id or ""},
    )
    return request.hostname
