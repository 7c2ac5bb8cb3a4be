"""Seats: who is confirmed and who waits, decided so that no date is ever oversold.

Every decision (a registration, a cancellation, a coordinator moving someone) happens inside one
transaction that first locks the row the seats belong to: the date's occurrence, or the series
for a course. On PostgreSQL that is ``SELECT … FOR UPDATE``: a second registration for the same
date waits until the first has committed, then counts again. SQLite has no row locks; the
example site opens every transaction ``IMMEDIATE`` (settings ``tune_sqlite``), which takes the
database's write lock at ``BEGIN``, so there too the count and the insert are one step.
"""

import datetime as dt

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..events.models import EventSeriesPage, Occurrence, OccurrenceStatus, Registration
from ..events.models import RegistrationScope as Scope
from ..events.occurrences import source_series
from ..exceptions import IntegrationError
from ..submissions.outbox import send_notification
from ..tasks import enqueue_on_commit
from .models import Registration as Entry
from .models import RegistrationStatus

__all__ = [
    "Refused",
    "Target",
    "cancel",
    "check_open",
    "confirmed_counts",
    "fill_free_seats",
    "move",
    "register",
    "seats_left",
    "target_for",
]


class Refused(IntegrationError):
    """A registration that cannot be taken: ``code`` says why, ``message`` tells the person.

    Codes: ``closed``, ``not_open``, ``cancelled``, ``full``, ``duplicate``, ``unavailable``.
    """

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


class Target:
    """What a person registers for: one date of a series, or the whole series (``occurrence``
    None). ``series`` is the source page, whose options count in every language."""

    def __init__(self, series, occurrence=None):
        self.series = series
        self.occurrence = occurrence

    @property
    def starts_at(self):
        """The start of the date, or of the series' first coming (or last) date."""
        if self.occurrence is not None:
            return self.occurrence.start
        first = (
            Occurrence.objects.filter(series_key=self.series.translation_key)
            .exclude(status=OccurrenceStatus.CANCELLED)
            .order_by("start")
            .first()
        )
        return first.start if first else None

    @property
    def closes_at(self):
        start = self.starts_at
        if start is None:
            return None
        return start - dt.timedelta(hours=self.series.registration_closes_hours)

    def registrations(self):
        return Entry.objects.for_target(self.series, self.occurrence)

    def lock(self):
        """Lock the row the seats belong to, until the transaction ends.

        Locks are taken in the order a rebuild of the series takes them (events' occurrences
        module: the series row, then its dates), so the two never wait for each other in a
        circle: for a date, the series row is first held in ``FOR KEY SHARE`` mode, which the
        registration's own foreign key to the series would take later anyway (PostgreSQL),
        then the date ``FOR UPDATE``; a course locks the series row as a rebuild does.
        Raises :class:`Refused` when the date went away meanwhile.
        """
        if self.occurrence is None:
            EventSeriesPage.objects.select_for_update().filter(pk=self.series.pk).exists()
            return
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            page = EventSeriesPage._meta
            parent = page.get_field("page_ptr").related_model._meta
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT 1 FROM {parent.db_table} p JOIN {page.db_table} s "  # noqa: S608
                    f"ON s.page_ptr_id = p.id WHERE p.id = %s FOR KEY SHARE",
                    [self.series.pk],
                )
        locked = Occurrence.objects.select_for_update().filter(pk=self.occurrence.pk).first()
        if locked is None:  # its series was rebuilt without it while this one waited
            raise Refused("cancelled", _("This date has been cancelled."))
        # Read again under the lock: the date was loaded before, and may have been cancelled
        # or moved since (a rebuild that committed while this one waited).
        self.occurrence = locked

    def confirmed_count(self):
        return self.registrations().filter(status=RegistrationStatus.CONFIRMED).count()

    def waiting_count(self):
        return self.registrations().filter(status=RegistrationStatus.WAITING).count()


def target_for(occurrence=None, series=None):
    """The :class:`Target` of ``occurrence`` (date scope) or ``series`` (series scope).

    Raises :class:`Refused` (``unavailable``) when the series takes no registrations here, or
    takes them for the other scope.
    """
    if occurrence is not None:
        series = occurrence.series
    series = source_series(series)
    if series.registration != Registration.FORM or not series.live:
        raise Refused("unavailable", _("This event takes no registrations on this website."))
    whole = series.registration_scope == Scope.SERIES
    if whole and occurrence is not None:
        # A course: registering for one of its dates is registering for the whole course.
        occurrence = None
    if not whole and occurrence is None:
        raise Refused("unavailable", _("Choose the date you want to register for."))
    return Target(series, occurrence)


def seats_left(target, confirmed=None):
    """How many seats are free for ``target``; None when the seats are not limited."""
    seats = target.series.registration_seats
    if seats is None:
        return None
    if confirmed is None:
        confirmed = target.confirmed_count()
    return max(0, seats - confirmed)


def confirmed_counts(occurrence_ids):
    """The confirmed registrations of each of ``occurrence_ids`` (one query)."""
    rows = (
        Entry.objects.filter(occurrence_id__in=occurrence_ids, status=RegistrationStatus.CONFIRMED)
        .values("occurrence_id")
        .annotate(count=models.Count("pk"))
    )
    return {row["occurrence_id"]: row["count"] for row in rows}


def check_open(target, now=None):
    """Raise :class:`Refused` when ``target`` takes no registration at ``now``."""
    now = now or timezone.now()
    series = target.series
    if target.occurrence is not None and target.occurrence.status == OccurrenceStatus.CANCELLED:
        raise Refused("cancelled", _("This date has been cancelled."))
    if series.registration_opens_at and now < series.registration_opens_at:
        raise Refused("not_open", _("Registration has not opened yet."))
    closes = target.closes_at
    if closes is None or now >= closes:
        raise Refused("closed", _("Registration for this date has closed."))


def _status_for(target):
    left = seats_left(target)
    if left is None or left > 0:
        return RegistrationStatus.CONFIRMED
    if target.series.registration_waiting_list:
        return RegistrationStatus.WAITING
    raise Refused("full", _("All seats are taken, and this event has no waiting list."))


def register(target, save, *, email, now=None):
    """Take a registration for ``target``: a seat if one is free, else the waiting list.

    ``save(status, starts_at)`` creates the :class:`~.models.Registration` (the form's save,
    so that the submission machinery stores its consent and token) and returns it. Call this
    inside the transaction of :func:`..submissions.intake.accept`; it locks the target's row first,
    so concurrent registrations are decided one after another. Raises :class:`Refused`.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register() must run inside a transaction")
    target.lock()
    check_open(target, now)
    if target.registrations().active().filter(email__iexact=email.strip()).exists():
        raise Refused("duplicate", _("This e-mail address is already registered for this date."))
    return save(_status_for(target), target.starts_at)


def _promote(target):
    """Give free seats to the first on the waiting list; return the promoted registrations."""
    promoted = []
    left = seats_left(target)
    if left == 0:
        return promoted
    waiting = (
        target.registrations()
        .filter(status=RegistrationStatus.WAITING)
        .order_by("created_at", "pk")
    )
    for entry in waiting[:left] if left is not None else waiting:
        entry.status = RegistrationStatus.CONFIRMED
        entry.save()
        _notify(entry, "registration.promoted")
        promoted.append(entry)
    return promoted


def _notify(entry, kind):
    from .mail import notification_for_registration

    notification = notification_for_registration(entry, kind)
    if notification is not None:
        notification.save()
        enqueue_on_commit(send_notification, notification.pk)


def cancel(entry, *, by_person=True):
    """Cancel ``entry``; a seat it held goes to the first on the waiting list, who is told.

    Returns False when it was already cancelled (a cancel link used twice), True otherwise.
    """
    with transaction.atomic():
        target = Target(entry.series, entry.occurrence)
        try:
            target.lock()
        except Refused:  # the date went away meanwhile: nothing to pass on
            target = None
        entry.refresh_from_db()
        if entry.status == RegistrationStatus.CANCELLED:
            return False
        entry.status = RegistrationStatus.CANCELLED
        entry.save()
        if by_person:
            _notify(entry, "registration.cancelled")
        # A date whose row is gone (its series unpublished) has no seats to pass on.
        lost_date = entry.occurrence_id is None and entry.original_start is not None
        if target is not None and not entry.is_past and not lost_date:
            _promote(target)
    return True


def fill_free_seats(series_id, occurrence_id=None):
    """Give the free seats of a date (or course) to those waiting: after a confirmed
    registration was deleted (a person's data erased). Does nothing when the date or the
    series is gone, or the date is over."""
    series = EventSeriesPage.objects.filter(pk=series_id).first()
    occurrence = None
    if occurrence_id is not None:
        occurrence = Occurrence.objects.filter(pk=occurrence_id).first()
        if occurrence is None:
            return []
    if series is None:
        return []
    target = Target(series, occurrence)
    start = target.starts_at
    if start is None or start <= timezone.now():
        return []
    with transaction.atomic():
        target.lock()
        return _promote(target)


def move(entry, status):
    """A coordinator moves ``entry`` between confirmed and waiting (seats may be exceeded on
    purpose: the coordinator decides). Moving a confirmed person to the waiting list frees a
    seat for nobody else: the coordinator chose who waits."""
    with transaction.atomic():
        try:
            Target(entry.series, entry.occurrence).lock()
        except Refused:
            return False
        entry.refresh_from_db()
        if entry.status == status or entry.status == RegistrationStatus.CANCELLED:
            return False
        entry.status = status
        entry.save()
        if status == RegistrationStatus.CONFIRMED:
            _notify(entry, "registration.promoted")
    return True
