"""Materialising the occurrences of event series into the indexed :class:`Occurrence` table."""

import datetime as dt
import logging

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import Locale

from ..conf import get_setting
from ..content_cache import content_changed
from .models import EventSeriesPage, Occurrence, OccurrenceStatus, OverrideAction
from .recurrence import expand, localize, naive_until

__all__ = [
    "DateChange",
    "compute_occurrences",
    "dates_added",
    "dates_changed",
    "dateutil_rules",
    "rebuild_series",
    "refresh_all",
    "refresh_visibility",
    "rule_dates",
    "source_series",
    "window",
]

logger = logging.getLogger(__name__)


#: Sent inside a rebuild's transaction when dates were added to a live series: ``series`` (the
#: source page) and ``starts``, the ``original_start`` of each new row. A higher layer looks its
#: own rows up by them (registrations find their date again after the series was republished).
dates_added = Signal()

#: Sent inside a rebuild's transaction when stored dates of a series changed or went away:
#: ``series`` (the source page) and ``changes``, a list of :class:`DateChange`. Higher layers
#: (registrations) receive it to tell the people who come on those dates, in the same
#: transaction as the change.
dates_changed = Signal()


class DateChange:
    """One stored occurrence as it was (``before``) and as a rebuild leaves it (``after``,
    None when the date is gone)."""

    def __init__(self, before, after):
        self.before = before
        self.after = after

    @property
    def occurrence_id(self):
        return self.before.pk

    @property
    def cancelled(self):
        """The date was called off, or is no longer one the series has."""
        if self.after is None:
            return True
        return (
            self.after.status == OccurrenceStatus.CANCELLED
            and self.before.status != OccurrenceStatus.CANCELLED
        )

    @property
    def moved(self):
        """Its start or its place changed (and it still takes place)."""
        if self.after is None or self.after.status == OccurrenceStatus.CANCELLED:
            return False
        return self.after.start != self.before.start or self.after.venue_id != self.before.venue_id


def window(now=None):
    """The materialised window: from the kept history to the horizon, as aware UTC datetimes."""
    today = (now or timezone.now()).astimezone(dt.UTC).date()
    start = today - relativedelta(months=get_setting("OCCURRENCE_HISTORY_MONTHS"))
    end = today + relativedelta(months=get_setting("OCCURRENCE_HORIZON_MONTHS"))
    return (
        dt.datetime.combine(start, dt.time(0), tzinfo=dt.UTC),
        dt.datetime.combine(end, dt.time(0), tzinfo=dt.UTC),
    )


def _naive_local(value, zone):
    """A datetime from django-recurrence as naive local time of the series."""
    if value.tzinfo is not None:
        value = value.astimezone(zone).replace(tzinfo=None)
    return value


def dateutil_rules(series):
    """The series' RRULEs, EXRULEs and EXDATEs as dateutil objects on naive local time."""
    recurrence = series.recurrence
    if not recurrence or not recurrence.rrules:
        return [], [], []
    zone, first_start = series.zone, series.first_start

    def build(rule):
        built = rule.to_dateutil_rrule(dtstart=first_start)
        until = naive_until(rule.until, zone)
        return built.replace(until=until) if until else built

    exdates = [
        dt.datetime.combine(_naive_local(d, zone).date(), first_start.time())
        for d in recurrence.exdates
    ]
    return [build(r) for r in recurrence.rrules], [build(r) for r in recurrence.exrules], exdates


def rule_dates(series, first_day, last_day):
    """The local dates from ``first_day`` to ``last_day`` (both included) that the rule of
    ``series`` gives, in order; its overrides do not count.
    """
    # What a date is depends on the series' time zone: expand a day wider on each side, then
    # cut to local dates. The margins keep the arithmetic inside the range of datetime.
    margin = dt.timedelta(days=3)
    first_day = max(first_day, dt.date.min + margin)
    last_day = min(last_day, dt.date.max - margin)
    if last_day < first_day:
        return []
    rules, exrules, exdates = dateutil_rules(series)
    zone = series.zone
    spans = expand(
        first_start=series.first_start,
        duration=series.duration,
        zone=zone,
        rules=rules,
        exrules=exrules,
        exdates=exdates,
        window_start=localize(
            dt.datetime.combine(first_day - dt.timedelta(days=1), dt.time()), zone
        ),
        window_end=localize(dt.datetime.combine(last_day + dt.timedelta(days=2), dt.time()), zone),
    )
    days = {span.local_start.date() for span in spans}
    return sorted(day for day in days if first_day <= day <= last_day)


def compute_occurrences(series, bounds=None):
    """Return unsaved :class:`Occurrence` objects of ``series`` (a source page) in ``bounds``."""
    window_start, window_end = bounds or window()
    rules, exrules, exdates = dateutil_rules(series)
    spans = expand(
        first_start=series.first_start,
        duration=series.duration,
        zone=series.zone,
        rules=rules,
        exrules=exrules,
        exdates=exdates,
        window_start=window_start,
        window_end=window_end,
    )
    overrides = {override.date: override for override in series.overrides.all()}
    occurrences = []
    for span in spans:
        occurrence = Occurrence(
            series=series,
            series_key=series.translation_key,
            original_start=span.start,
            start=span.start,
            end=span.end,
            venue_id=series.venue_id,
        )
        override = overrides.get(span.local_start.date())
        if override is not None:
            occurrence.override = override
            if override.action == OverrideAction.CANCEL:
                occurrence.status = OccurrenceStatus.CANCELLED
            elif override.action == OverrideAction.MOVE:
                _apply_move(occurrence, override, span.local_start, series)
        occurrences.append(occurrence)
    return occurrences


def _apply_move(occurrence, override, local_start, series):
    new_local_start = dt.datetime.combine(
        override.new_date or local_start.date(), override.new_start_time or local_start.time()
    )
    if override.new_end_time is not None:
        new_local_end = dt.datetime.combine(new_local_start.date(), override.new_end_time)
        if new_local_end <= new_local_start:
            new_local_end += dt.timedelta(days=1)
    else:
        new_local_end = new_local_start + series.duration
    occurrence.start = localize(new_local_start, series.zone).astimezone(dt.UTC)
    occurrence.end = max(occurrence.start, localize(new_local_end, series.zone).astimezone(dt.UTC))
    occurrence.status = OccurrenceStatus.MOVED
    if override.new_venue_id:
        occurrence.venue_id = override.new_venue_id


def source_series(page):
    """The version of a series whose dates count: the one in the default locale, if any."""
    page = page.specific if not isinstance(page, EventSeriesPage) else page
    source = page.get_translation_or_none(Locale.get_default())
    return source or page


#: The columns of an occurrence that a rebuild may change; its series and local day identify it.
_REBUILT_FIELDS = (
    "series_key",
    "original_start",
    "start",
    "end",
    "status",
    "override",
    "venue",
    "visible",
)


def _differs(old, new):
    return any(
        getattr(old, field.attname) != getattr(new, field.attname)
        for field in (Occurrence._meta.get_field(name) for name in _REBUILT_FIELDS)
    )


def _by_day(occurrences, zone):
    """Key each occurrence by its series, the local day the rule gives it and its rank that day.

    An occurrence is "the Stammtisch of 3 March" (as an override is), whatever its time: a
    new start time keeps every date's row.
    """
    keyed, seen = {}, {}
    for occurrence in sorted(occurrences, key=lambda o: o.original_start):
        day = (occurrence.series_id, occurrence.original_start.astimezone(zone).date())
        seen[day] = seen.get(day, -1) + 1
        keyed[(*day, seen[day])] = occurrence
    return keyed


def rebuild_series(page_id, bounds=None):
    """Bring the stored occurrences of ``page_id``'s series in step; return how many it has.

    A day the rule still gives keeps its row, and so its id, whatever else changed (the time,
    a move, a note, the venue); rows are inserted, updated and deleted only where the dates
    changed, so a nightly run over unchanged series writes nothing. Idempotent: the rows depend
    only on the published series.
    """
    page = EventSeriesPage.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    series = source_series(page)
    with transaction.atomic():
        # Lock the series row so that two rebuilds of one series do not interleave.
        EventSeriesPage.objects.select_for_update().filter(pk=series.pk).exists()
        stored = _by_day(Occurrence.objects.filter(series_key=series.translation_key), series.zone)
        wanted = []
        if series.live:
            wanted = compute_occurrences(series, bounds)
            visible = not series.get_view_restrictions().exists()
            for occurrence in wanted:
                occurrence.visible = visible
        added, changed, changes = [], [], []
        for key, occurrence in _by_day(wanted, series.zone).items():
            old = stored.pop(key, None)
            if old is None:
                added.append(occurrence)
            elif _differs(old, occurrence):
                occurrence.pk = old.pk
                changed.append(occurrence)
                changes.append(DateChange(old, occurrence))
        changes.extend(DateChange(old, None) for old in stored.values())
        # Only coming dates of a live series concern anyone: the window's start passing a date
        # removes it too, and an unpublished series (perhaps for a moment) cancels nothing.
        now = timezone.now()
        changes = [c for c in changes if c.before.start > now and (c.cancelled or c.moved)]
        if changes and series.live:
            # Before the rows go: a receiver may look at what pointed to them.
            dates_changed.send(sender=EventSeriesPage, series=series, changes=changes)
        gone = [o.pk for o in stored.values()]
        for at in range(0, len(gone), 500):  # SQLite limits the parameters of one query
            Occurrence.objects.filter(pk__in=gone[at : at + 500]).delete()
        Occurrence.objects.bulk_update(changed, _REBUILT_FIELDS, batch_size=500)
        Occurrence.objects.bulk_create(added, batch_size=500)
        if added:
            dates_added.send(
                sender=EventSeriesPage, series=series, starts=[o.original_start for o in added]
            )
        if stored or changed or added:
            content_changed()
    logger.info(
        "Series %s: %s occurrences (%s added, %s changed, %s removed)",
        series.pk,
        len(wanted),
        len(added),
        len(changed),
        len(stored),
    )
    return len(wanted)


def refresh_visibility(pages):
    """Set ``Occurrence.visible`` for the series among ``pages`` (a queryset of series pages).

    Three queries whatever the number of series: the view restrictions, then one update for
    the dates of the series that are live and public, one for the others. Occurrences belong
    to the source version of a series, so it is that version's state that counts.
    """
    shown = pages.live().public()
    Occurrence.objects.filter(series__in=pages.values("pk")).exclude(
        series__in=shown.values("pk")
    ).update(visible=False)
    Occurrence.objects.filter(series__in=shown.values("pk")).update(visible=True)
    content_changed()


def series_to_refresh():
    """The ids of every series version in the default locale, or alone in its locale."""
    default = Locale.get_default()
    pages = EventSeriesPage.objects.order_by("pk").values_list("pk", "translation_key", "locale")
    chosen = {}
    for pk, key, locale_id in pages:
        if key not in chosen or locale_id == default.pk:
            chosen[key] = pk
    return sorted(chosen.values())


def refresh_all(progress=None):
    """Rebuild every series over the current window, telling ``progress(done, total)``."""
    ids = series_to_refresh()
    total = 0
    for done, page_id in enumerate(ids, start=1):
        total += rebuild_series(page_id)
        if progress:
            progress(done, len(ids))
    return total
