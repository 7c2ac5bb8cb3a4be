"""The embed app's Celery tasks: delivering change notifications, and sweeping up lost ones."""

from celery import shared_task

from .webhooks import deliver, purge_log, sweep

__all__ = ["deliver_webhook", "purge_webhook_log", "sweep_webhooks"]


@shared_task(
    bind=True,
    name="wagtail_integration.embed.deliver_webhook",
    max_retries=None,
    default_retry_delay=60,
)
def deliver_webhook(self, delivery_id):
    """Send one webhook delivery of the outbox (see :func:`.webhooks.deliver`)."""
    return deliver(delivery_id, self)


@shared_task(name="wagtail_integration.embed.sweep_webhooks", ignore_result=True)
def sweep_webhooks():
    """Enqueue every webhook delivery still waiting: the broker was down, or a worker died."""
    return sweep(deliver_webhook)


@shared_task(name="wagtail_integration.embed.purge_webhook_log", ignore_result=True)
def purge_webhook_log():
    """Delete the delivery log's entries older than ``WEBHOOK_LOG_DAYS`` (see :func:`purge_log`)."""
    return purge_log()
