"""What a change notification says, how it is signed, recorded and sent.

A notification is one JSON body per change of a watched page or snippet::

    {"event": "published", "kind": "page", "content_type": "integration_events.eventseriespage",
     "id": 42, "locale": "de", "translation_key": "…", "url": "https://…/stammtisch/",
     "occurred_at": "2026-12-07T14:03:12.123456+00:00"}

It is stored once per endpoint that wants it (:func:`record_change`, in the transaction of the
change) and sent by :func:`deliver`, which claims the row first, so that the task, its retries
and the sweep never deliver one row twice at the same time. The claim, the back-off and the
sweep are the package's one outbox's (:mod:`wagtail_integration.outbox`).
"""

import datetime
import hashlib
import hmac
import json
import logging
import time

import requests
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page

from ... import __version__
from ...conf import get_setting
from ...exceptions import TRANSIENT_ERRORS
from ...outbox import claim, retry_delay
from ...outbox import sweep as sweep_outbox
from ...translation_status import translatable_snippet_models
from ..models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "DELIVERY_HEADER",
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Event",
    "deliver",
    "payload",
    "record_change",
    "sign",
    "sweep",
    "watched_models",
]

logger = logging.getLogger(__name__)

#: ``sha256=`` and the hex HMAC-SHA256 of ``"<timestamp>." + body`` with the endpoint's secret.
SIGNATURE_HEADER = "X-Integration-Signature"
#: Unix time (seconds) of this try; part of the signed message, so an old request cannot be
#: replayed with a new time.
TIMESTAMP_HEADER = "X-Integration-Timestamp"
#: The notification's id, the same on every try: a receiver de-duplicates by it.
DELIVERY_HEADER = "X-Integration-Delivery"
#: ``published``, ``unpublished`` or ``deleted``, as in the body.
EVENT_HEADER = "X-Integration-Event"

#: Answers worth trying again: the receiver is busy or broken for a while. Any other 4xx (or a
#: redirect) says the request itself is wrong: retrying the same bytes gets the same answer.
TRANSIENT_STATUS_CODES = frozenset({408, 425, 429})


class Event:
    """The changes a notification reports."""

    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"


def _ours(model):
    return model._meta.app_config.name.startswith("wagtail_integration.")


def watched_models():
    """The package's page types and its translatable snippets: what notifications are about."""
    models = [m for m in apps.get_models() if issubclass(m, Page) and _ours(m)]
    return models + [m for m in translatable_snippet_models() if _ours(m)]


def content_type_choices():
    """``(label, name)`` of every watched model, for the endpoint form's checkboxes."""
    return [(m._meta.label_lower, str(m._meta.verbose_name)) for m in watched_models()]


def object_url(obj):
    """The absolute public URL of ``obj``, or ``None`` (a snippet has no page of its own).

    Override by giving a snippet model a ``get_full_url()`` method.
    """
    get_full_url = getattr(obj, "get_full_url", None)
    return get_full_url() if callable(get_full_url) else None


def payload(obj, event, occurred_at=None):
    """The JSON body (as a dict) of a notification that ``obj`` was ``event``."""
    occurred_at = occurred_at or timezone.now()
    locale = getattr(obj, "locale", None)
    return {
        "event": event,
        "kind": "page" if isinstance(obj, Page) else "snippet",
        "content_type": obj._meta.label_lower,
        "id": obj.pk,
        "locale": locale.language_code if locale is not None else None,
        "translation_key": str(obj.translation_key) if hasattr(obj, "translation_key") else None,
        "url": object_url(obj),
        "occurred_at": occurred_at.isoformat(),
    }


def record_change(obj, event):
    """Store one delivery of ``obj``'s ``event`` per endpoint that wants it; return them.

    Called inside the change's transaction: the rows are committed, or rolled back, with it.
    """
    label = obj._meta.label_lower
    # Few endpoints: filtered here, as SQLite has no JSON "contains" for lists.
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(label)]
    if not endpoints:
        return []
    body = json.dumps(payload(obj, event), cls=DjangoJSONEncoder, separators=(",", ":"))
    rows = [
        WebhookDelivery(
            endpoint=endpoint, event=event, content_type=label, object_id=str(obj.pk), body=body
        )
        for endpoint in endpoints
    ]
    # One by one, not bulk_create: every row needs its primary key for its task.
    for row in rows:
        row.save()
    return rows


def sign(secret, timestamp, body):
    """The signature header's value for ``body`` (bytes) sent at ``timestamp`` with ``secret``."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _headers(delivery, body):
    timestamp = int(time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": f"wagtail-integration/{__version__} (webhooks)",
        DELIVERY_HEADER: str(delivery.delivery_id),
        EVENT_HEADER: delivery.event,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, timestamp, body),
    }


def _post(delivery):
    """POST the delivery once; return ``(status code or None, error text)``."""
    body = delivery.body.encode()
    try:
        response = requests.post(
            delivery.endpoint.url,
            data=body,
            headers=_headers(delivery, body),
            timeout=get_setting("WEBHOOK_TIMEOUT"),
            # A redirect would turn the POST into a GET elsewhere: the endpoint's URL is wrong.
            allow_redirects=False,
        )
    except (requests.RequestException, *TRANSIENT_ERRORS) as exc:
        return None, type(exc).__name__
    response.close()
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code} {response.reason or ''}".strip()


def deliver(delivery_id, task):
    """Send one delivery unless it is delivered or being sent; record the try on the row.

    ``task`` is the Celery task running it (its retry delay and eager mode are read). Returns
    ``"delivered"``, ``"skipped"`` (delivered, failed for good, being sent, or gone),
    ``"pending"`` (failed, tried again later) or ``"failed"`` (refused, or failed
    ``WEBHOOK_MAX_ATTEMPTS`` times). Raises Celery's ``Retry`` to try again later on a worker.
    """
    now = timezone.now()
    if not claim(WebhookDelivery, delivery_id, now):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None:
        return "skipped"
    # Written only while this task's claim holds: a row is marked delivered once.
    rows = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.SENDING)
    if not delivery.endpoint.is_active:
        rows.update(
            status=WebhookDelivery.Status.FAILED, claimed_until=None, last_error="endpoint inactive"
        )
        return "failed"
    started = time.monotonic()
    status_code, error = _post(delivery)
    WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=now,
        status_code=status_code,
        error=error[:300],
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    if not error:
        rows.update(
            status=WebhookDelivery.Status.DELIVERED,
            delivered_at=timezone.now(),
            claimed_until=None,
            last_status_code=status_code,
            last_error="",
        )
        return "delivered"
    transient = status_code is None or status_code >= 500 or status_code in TRANSIENT_STATUS_CODES
    failed = not transient or delivery.attempts >= get_setting("WEBHOOK_MAX_ATTEMPTS")
    delay = retry_delay(task, delivery.attempts)
    rows.update(
        status=WebhookDelivery.Status.FAILED if failed else WebhookDelivery.Status.PENDING,
        # On a waiting row, the time before which the sweep leaves it to its retry.
        claimed_until=None if failed else timezone.now() + datetime.timedelta(seconds=delay),
        last_status_code=status_code,
        last_error=error[:300],
    )
    logger.warning(
        "Webhook delivery %s to endpoint %s failed (attempt %s): %s",
        delivery.pk,
        delivery.endpoint_id,
        delivery.attempts,
        error,
    )
    if failed:
        return "failed"
    if task.request.is_eager:
        # In eager mode a retry would block the request; the sweep tries again later.
        return "pending"
    raise task.retry(countdown=delay)


def sweep(task):
    """Enqueue ``task`` for every waiting delivery; return how many were enqueued."""
    return sweep_outbox(WebhookDelivery, task)


def purge_log(now=None):
    """Delete deliveries done (delivered or failed) more than ``WEBHOOK_LOG_DAYS`` ago.

    Returns how many were deleted; their tries go with them. Waiting ones always stay.
    """
    days = get_setting("WEBHOOK_LOG_DAYS")
    if not days:
        return 0
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    done = WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED],
        created_at__lt=cutoff,
    )
    count = done.count()
    # Its tries first, in one statement each, rather than the collector's row by row.
    WebhookAttempt.objects.filter(delivery__in=done).delete()
    done.delete()
    return count


def is_draft_state(model):
    """Whether ``model``'s live version changes by publishing (Wagtail's ``DraftStateMixin``)."""
    return issubclass(model, DraftStateMixin)
