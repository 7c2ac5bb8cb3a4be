"""Reminders: each confirmed registrant is reminded once, a set number of hours before the date."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..submissions.outbox import send_notification
from ..tasks import enqueue_on_commit
from .mail import Kind, notification_for_registration
from .models import Registration, RegistrationStatus

__all__ = ["LONGEST_REMINDER", "send_reminders"]

#: How far ahead a series may ask to remind (``registration_reminder_hours`` caps nothing; a
#: reminder further ahead than this goes out when this much time is left).
LONGEST_REMINDER = dt.timedelta(days=14)


def _due(entry, now):
    hours = entry.series.registration_reminder_hours
    if not hours:
        return False
    return entry.starts_at - dt.timedelta(hours=hours) <= now


def send_reminders(now=None):
    """Put the reminders that are due into the outbox; return how many.

    A registration is claimed by setting ``reminded_at`` where it is still empty, in the same
    transaction as its outbox row: two runs at once (a beat started twice) remind nobody twice.
    """
    now = now or timezone.now()
    candidates = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            anonymised_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + LONGEST_REMINDER,
            series__registration_reminder_hours__gt=0,
        )
        .select_related("series")
        .order_by("starts_at")
    )
    sent = 0
    for entry in candidates:
        if not _due(entry, now):
            continue
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=entry.pk, reminded_at__isnull=True, status=RegistrationStatus.CONFIRMED
            ).update(reminded_at=now)
            if not claimed:
                continue
            notification = notification_for_registration(entry, Kind.REMINDER)
            if notification is not None:
                notification.save()
                enqueue_on_commit(send_notification, notification.pk)
                sent += 1
    return sent
