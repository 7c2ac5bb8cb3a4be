"""Signed change notifications for the city portal (webhooks), delivered through an outbox.

:mod:`.delivery` builds, signs, records and sends them; :mod:`.viewsets` shows the endpoints and
the delivery log in the admin. The receivers that record changes are in ``embed/signals.py``,
the Celery tasks in ``embed/tasks.py``.
"""

from .delivery import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Event,
    deliver,
    payload,
    purge_log,
    record_change,
    sign,
    sweep,
    watched_models,
)

__all__ = [
    "DELIVERY_HEADER",
    "EVENT_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Event",
    "deliver",
    "payload",
    "purge_log",
    "record_change",
    "sign",
    "sweep",
    "watched_models",
]
