"""Receivers: dates of a series cancelled or moved tell the people registered for them."""

from django.db import transaction
from django.db.models.signals import post_delete

from ..events.models import Occurrence
from ..events.occurrences import dates_added, dates_changed
from ..events.pages import RegistrationHooks
from ..submissions.outbox import send_notification
from ..tasks import enqueue_on_commit
from .mail import Kind, notification_for_registration
from .models import Registration, RegistrationStatus
from .seats import fill_free_seats

__all__ = ["connect", "on_dates_changed"]


def _tell(entry, kind, **context):
    notification = notification_for_registration(entry, kind, **context)
    if notification is not None:
        notification.save()
        enqueue_on_commit(send_notification, notification.pk)


def on_dates_changed(sender, series, changes, **kwargs):
    """Tell everyone registered for a date that was cancelled or moved, in their language.

    Runs inside the rebuild's transaction, so the outbox rows are stored with the change, or
    not at all. A cancelled date ends the registrations for it; a course's registrants are told
    of the date and keep their registration for the rest.
    """
    for change in changes:
        before = change.before
        reason = ""
        if change.after is not None and change.after.override_id:
            reason = change.after.override.note
        start = {"start": before.start.isoformat()}
        for entry in Registration.objects.active().filter(occurrence_id=change.occurrence_id):
            if change.cancelled:
                entry.status = RegistrationStatus.CANCELLED
                entry.save()
                _tell(entry, Kind.DATE_CANCELLED, reason=reason, **start)
            else:
                entry.starts_at = change.after.start
                entry.save(update_fields=["starts_at"])
                _tell(entry, Kind.DATE_MOVED, previous_start=before.start.isoformat())
        course = Registration.objects.active().filter(
            series=series, original_start__isnull=True, status=RegistrationStatus.CONFIRMED
        )
        for entry in course:
            if change.cancelled:
                _tell(entry, Kind.DATE_CANCELLED, reason=reason, **start)
            else:
                _tell(
                    entry,
                    Kind.DATE_MOVED,
                    previous_start=before.start.isoformat(),
                    start=change.after.start.isoformat(),
                )


def on_dates_added(sender, series, starts, **kwargs):
    """Give registrations whose date's row went away (the series was unpublished) that date
    again, when the rebuild brings it back."""
    orphans = Registration.objects.filter(
        series=series, occurrence__isnull=True, original_start__in=starts
    )
    if not orphans.exists():
        return
    dates = Occurrence.objects.filter(
        series_key=series.translation_key, original_start__in=starts
    ).values_list("original_start", "pk")
    for original_start, pk in dates:
        orphans.filter(original_start=original_start).update(occurrence_id=pk)


def on_registration_deleted(sender, instance, **kwargs):
    """A confirmed seat deleted (an erasure) goes to the first waiting, after the commit: a
    series deleted with its registrations is gone by then, and nobody is told of a seat in it."""
    if instance.status != RegistrationStatus.CONFIRMED:
        return
    if instance.occurrence_id is None and instance.original_start is not None:
        return  # its date's row is gone: no seats to pass on
    series_id, occurrence_id = instance.series_id, instance.occurrence_id
    transaction.on_commit(lambda: fill_free_seats(series_id, occurrence_id))


def connect():
    """Connect the receivers and lend the series page the form; called from ``ready()``."""
    from ..submissions.related import register_related
    from .related import registrations_of
    from .views import seats_for_page, serve

    register_related(registrations_of)
    dates_changed.connect(on_dates_changed, dispatch_uid="registrations-dates-changed")
    dates_added.connect(on_dates_added, dispatch_uid="registrations-dates-added")
    post_delete.connect(
        on_registration_deleted, sender=Registration, dispatch_uid="registrations-deleted"
    )
    RegistrationHooks.view = serve
    RegistrationHooks.seats = seats_for_page
