"""Background jobs of the core app, and the one way the package enqueues jobs.

Jobs take ids, not objects, and are enqueued with :func:`enqueue_on_commit` so that a worker never
sees a row before its transaction has committed.
"""

import functools
import logging
import time

from celery import shared_task
from django.db import transaction
from django.utils import timezone

__all__ = ["enqueue_on_commit", "record_heartbeat"]

logger = logging.getLogger(__name__)


#: Seconds a process stops trying to reach a broker that has just failed it.
BROKER_PAUSE_SECONDS = 30.0

# time.monotonic() until which this process does not try the broker again.
_broker_paused_until = 0.0


def enqueue_on_commit(task, *args, using=None, **kwargs):
    """Send ``task`` with ``args`` once the current transaction commits.

    A broker that is down must not undo what the request has already stored: the failure is
    logged, and the periodic sweeps of the domain that owns the job find the work again. After a
    failure the process leaves the broker alone for :data:`BROKER_PAUSE_SECONDS`: each attempt
    costs the request Celery's publish retries (about a second), and the sweeps send the work
    once the broker is back.
    """
    transaction.on_commit(functools.partial(_send, task, args, kwargs), using=using, robust=True)


def _send(task, args, kwargs):
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        logger.debug("Not enqueueing %s: the broker failed recently; a sweep sends it.", task.name)
        return
    try:
        task.apply_async(args=args, kwargs=kwargs)
    # Deliberately broad: the work is stored and a sweep sends it; a failure here must not fail
    # the request that has already committed it. It is logged as an error.
    except Exception as exc:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.error(
            "Could not enqueue %s (%s); a sweep will pick the work up again.",
            task.name,
            type(exc).__name__,
        )


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
