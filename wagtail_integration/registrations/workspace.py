"""The coordinators' workspace for registrations: who may see registrants, the dates with their
seats taken, who registered for one date, and what coordinators do to a registration.

The views are in :mod:`.admin_views`; this module holds what they read and do, so that each
list is a fixed number of queries whatever the number of dates and registrants, and each action
a plain function (:func:`act`) on :mod:`.seats`.

Who sees what
-------------
Only a user who may see registrants (:func:`may_see_registrants`: ``view_registrants``, or view
or change registrations; superusers) reaches any page of the workspace, and only the
registrations the host's ``filter_integration_submissions_for_user`` hooks let them see
(:func:`~..submissions.workspace.filter_submissions_for_user`). Moving, cancelling and
recording attendance needs ``change_registration``; adding a person by hand
``add_registration``. The "Volunteer coordination" group holds these (migration 0002).
"""

import datetime as dt

from django.db.models import Case, Count, IntegerField, Max, Min, Q, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.permission_policies import ModelPermissionPolicy

from ..events.models import EventSeriesPage, Occurrence, OccurrenceStatus
from ..events.models import Registration as Kind
from ..events.models import RegistrationScope as Scope
from ..localization import source_language
from ..submissions.display import language_display
from ..submissions.workspace import filter_submissions_for_user
from . import seats
from .mail import date_in_words
from .models import Attendance, Registration, RegistrationStatus

__all__ = [
    "ACTIONS",
    "VIEW_REGISTRANTS",
    "DateRow",
    "act",
    "heading",
    "may_add_registrations",
    "may_change_registrations",
    "may_see_registrants",
    "overview",
    "permission_policy",
    "registrants",
    "registration_series",
    "spoken_languages_text",
    "visible_registration",
    "when_text",
]

VIEW_REGISTRANTS = "integration_registrations.view_registrants"

#: add, change and view of registrations (Wagtail's model permissions).
permission_policy = ModelPermissionPolicy(Registration)


def may_see_registrants(user):
    """Whether ``user`` may see who registered (any page of the workspace)."""
    return user.is_active and (
        user.has_perm(VIEW_REGISTRANTS)
        or permission_policy.user_has_any_permission(user, ["view", "change"])
    )


def may_change_registrations(user):
    """Whether ``user`` may move, cancel and record attendance."""
    return may_see_registrants(user) and permission_policy.user_has_permission(user, "change")


def may_add_registrations(user):
    """Whether ``user`` may register a person by hand (a registration taken by phone)."""
    return may_see_registrants(user) and permission_policy.user_has_permission(user, "add")


def spoken_languages_text(entry):
    """The languages a registrant speaks, named in the active (admin) language."""
    return ", ".join(language_display(code) for code in entry.languages)


def when_text(series, start):
    """``start`` in words, in the admin's language and the series' time zone; "" for none."""
    return date_in_words(start, series.zone, translation.get_language()) if start else ""


def heading(series, occurrence, start):
    """How a date (or a course: ``occurrence`` None) is named in the workspace's headings:
    "Neu im Ehrenamt – Tuesday, 2 March 2027, 18:00", "Deutschkurs – Course, from …"."""
    when = when_text(series, start)
    if occurrence is None:
        if when:
            when = gettext("Course, from %(when)s") % {"when": when}
        else:
            when = gettext("Course, without a date")
    return " – ".join(part for part in (series.title, when) if part)


def registration_series():
    """The series the workspace shows, in their source version, by title: those taking
    registrations on this site, and those that took some before."""
    sources = EventSeriesPage.objects.filter(locale__language_code=source_language())
    return (
        EventSeriesPage.objects.filter(
            Q(registration=Kind.FORM) | Q(pk__in=Registration.objects.values("series_id"))
        )
        # The source version; a series that has none in the source language is its own.
        .filter(
            Q(locale__language_code=source_language())
            | ~Q(translation_key__in=sources.values("translation_key"))
        )
        .order_by("title", "pk")
    )


class DateRow:
    """One line of the overview: a date of a series (``occurrence``), or a whole course
    (``occurrence`` None), with the seats taken and the places on the waiting list."""

    def __init__(self, series, occurrence=None, start=None, end=None):
        self.series = series
        self.occurrence = occurrence
        self.start = start
        self.end = end
        self.confirmed = 0
        self.waiting = 0

    @property
    def seats(self):
        """The seats of the date (or course); None when they are not limited."""
        return self.series.registration_seats

    @property
    def cancelled(self):
        """Whether the date is cancelled (a course never is as a whole)."""
        return self.occurrence is not None and self.occurrence.status == OccurrenceStatus.CANCELLED

    @property
    def url(self):
        """The page of the registrants of this date or course."""
        if self.occurrence is None:
            return reverse("integration_registrations_admin:course", args=[self.series.pk])
        return reverse("integration_registrations_admin:date", args=[self.occurrence.pk])

    def is_over(self, now):
        """Whether the date (or the course's last date) has ended."""
        last = self.end or self.start
        return last is not None and last < now


def _bounds(day_from, day_to):
    """Aware bounds in the current time zone: from the start of ``day_from`` to the end of
    ``day_to`` (either None for no bound)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day_from, dt.time(0), tzinfo=zone) if day_from else None
    end = None
    if day_to:
        end = dt.datetime.combine(day_to + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start, end


def _overlaps(row, start, end):
    if row.start is None:
        return start is None and end is None
    last = row.end or row.start
    return (start is None or last >= start) and (end is None or row.start < end)


def overview(series, day_from=None, day_to=None, now=None):
    """The :class:`DateRow` of every date of ``series`` (source series) registered for, and of
    every course among them, between ``day_from`` and ``day_to`` (local days, inclusive).

    Those still to come (or under way) first, the nearest first; then those past, the latest
    first. Three queries whatever the number of dates.
    """
    now = now or timezone.now()
    series = list(series)
    start, end = _bounds(day_from, day_to)
    courses = {page.pk: page for page in series if page.registration_scope == Scope.SERIES}
    dated = {page.pk: page for page in series if page.pk not in courses}
    rows = []
    dates = Occurrence.objects.filter(series_id__in=dated)
    if start is not None:
        dates = dates.filter(end__gte=start)
    if end is not None:
        dates = dates.filter(start__lt=end)
    for occurrence in dates:
        series_page = dated[occurrence.series_id]
        occurrence.series = series_page
        rows.append(DateRow(series_page, occurrence, occurrence.start, occurrence.end))
    spans = (
        Occurrence.objects.filter(series_id__in=courses)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .values("series_id")
        .annotate(first=Min("start"), last=Max("end"))
    )
    spans = {span["series_id"]: span for span in spans}
    for pk, page in courses.items():
        span = spans.get(pk, {})
        row = DateRow(page, None, span.get("first"), span.get("last"))
        if _overlaps(row, start, end):
            rows.append(row)
    _count(rows, [page.pk for page in series])

    def order(row):
        if row.start is None:
            return (2, 0)
        timestamp = row.start.timestamp()
        return (1, -timestamp) if row.is_over(now) else (0, timestamp)

    return sorted(rows, key=order)


def _count(rows, series_ids):
    """Set ``confirmed`` and ``waiting`` of every row, in one query."""
    counts = (
        Registration.objects.filter(
            series_id__in=series_ids,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        )
        .values("series_id", "occurrence_id", "status")
        .annotate(count=Count("pk"))
    )
    found = {
        (row["series_id"], row["occurrence_id"], row["status"]): row["count"] for row in counts
    }
    for row in rows:
        key = (row.series.pk, row.occurrence.pk if row.occurrence else None)
        row.confirmed = found.get((*key, RegistrationStatus.CONFIRMED), 0)
        row.waiting = found.get((*key, RegistrationStatus.WAITING), 0)


def registrants(user, series, occurrence):
    """The registrations of ``occurrence`` (or of the course ``series``, occurrence None) that
    ``user`` may see, erased ones left out, in the order they came: the waiting list's order.

    As a queryset: confirmed first, then waiting, then cancelled.
    """
    queryset = Registration.objects.for_target(series, occurrence).filter(
        anonymised_at__isnull=True
    )
    rank = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    queryset = queryset.alias(rank=rank).order_by("rank", "created_at", "pk")
    return filter_submissions_for_user(user, queryset)


def visible_registration(user, pk):
    """The registration ``pk`` if ``user`` may see it (not erased), else None."""
    queryset = Registration.objects.filter(pk=pk, anonymised_at__isnull=True).select_related(
        "series", "occurrence"
    )
    return filter_submissions_for_user(user, queryset).first()


# -- what coordinators do --------------------------------------------------------------------

#: What a coordinator can do to one registration: give a seat, move to the waiting list,
#: cancel, record that the person came or did not.
ACTIONS = ("confirm", "wait", "cancel", "attended", "no_show")


def act(entry, action):
    """Do ``action`` (one of :data:`ACTIONS`) to ``entry``; return what to tell the coordinator,
    as ``[(level, text)]`` in the active language (level: ``success``, ``warning``, ``error``).

    Seats change only through :mod:`.seats`, inside its lock.
    """
    name = entry.name
    if action in ("confirm", "wait"):
        return _move(entry, name, action)
    if action == "cancel":
        return _cancel(entry, name)
    return _record_attendance(entry, name, action)


def _unchanged(entry, name):
    text = gettext("Nothing changed: %(name)s is already %(status)s.")
    return [("warning", text % {"name": name, "status": entry.get_status_display()})]


def _move(entry, name, action):
    # A seat given is told to the person (seats.move); a move to the waiting list is not.
    status = RegistrationStatus.CONFIRMED if action == "confirm" else RegistrationStatus.WAITING
    if not seats.move(entry, status):
        return _unchanged(entry, name)
    if status == RegistrationStatus.CONFIRMED:
        text = gettext("%(name)s has a seat now and is told so by e-mail.")
    else:
        text = gettext("%(name)s is on the waiting list now.")
    return [("success", text % {"name": name})]


def _cancel(entry, name):
    # Who waited before, to name who moved up into the freed seat.
    waiting = set(
        seats.Target(entry.series, entry.occurrence)
        .registrations()
        .filter(status=RegistrationStatus.WAITING)
        .values_list("pk", flat=True)
    )
    if not seats.cancel(entry, by_person=False):
        return _unchanged(entry, name)
    said = [("success", gettext("The registration of %(name)s is cancelled.") % {"name": name})]
    promoted = Registration.objects.filter(pk__in=waiting, status=RegistrationStatus.CONFIRMED)
    for person in promoted.values_list("name", flat=True):
        text = gettext(
            "%(name)s moves up from the waiting list to the free seat and is told so by e-mail."
        )
        said.append(("success", text % {"name": person}))
    return said


def _record_attendance(entry, name, action):
    if not entry.is_past:
        return [("error", gettext("Attendance can be recorded once the date has begun."))]
    value = Attendance.ATTENDED if action == "attended" else Attendance.NO_SHOW
    # An UPDATE of the one column: a move or cancellation at the same moment is kept.
    Registration.objects.filter(pk=entry.pk).update(attendance=value)
    text = gettext("Attendance of %(name)s recorded: %(attendance)s.")
    return [("success", text % {"name": name, "attendance": Attendance(value).label})]
