"""iCalendar (RFC 5545) feeds of event series, built with the ``icalendar`` library.

A series is one VEVENT with its RRULE in the series' time zone (with VTIMEZONE), EXDATEs for
cancelled dates, and one RECURRENCE-ID override per cancelled or moved date or date with a note.
The UID is the series' translation key, so every language version describes the same event.

A cancelled date is written twice, as RFC 5545 allows: as an EXDATE of the rule, which every
calendar app honours, and as its own instance with ``STATUS:CANCELLED`` (RFC 5545, 3.8.1.11 and
3.8.4.4) whose summary and description say that it is cancelled and why. An app that knows
cancelled instances can show the reason; one that does not still leaves the evening out for the
EXDATE, and one that showed the instance anyway would show "Cancelled: …", not an evening that
takes place.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur
from wagtail.models import Locale

from .. import __version__
from ..localization import translate_many
from .models import EventSeriesPage, Occurrence, OccurrenceStatus, OverrideAction
from .occurrences import dateutil_rules, source_series

__all__ = [
    "CONTENT_TYPE",
    "build_calendar",
    "recurrence_values",
    "rule_text",
    "series_events",
]

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = f"-//wagtail-integration//{__version__}//DE"


#: SEQUENCE counts minutes since this moment: it grows with every publication of a series,
#: without a counter that publishing an older revision could set back.
SEQUENCE_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def sequence(series):
    """The SEQUENCE of a series: bumped by every publication of its source version."""
    published = series.last_published_at or SEQUENCE_EPOCH
    return max(0, int((published - SEQUENCE_EPOCH).total_seconds() // 60))


def uid(series):
    """The stable UID of a series: the same for every language version."""
    return f"{series.translation_key}@wagtail-integration"


def recurrence_values(series):
    """The recurrence of ``series`` for a feed: ``(rrules, exrules, exdates)``.

    Rules are :class:`icalendar.vRecur` values with UNTIL in UTC, as RFC 5545 wants beside a
    DTSTART with TZID (the rules themselves are built on naive local time); EXDATEs are naive
    local starts.
    """
    rules, exrules, exdates = dateutil_rules(series)

    def recur(rule):
        # dateutil writes every rule as "RRULE:…" after a DTSTART line.
        value = vRecur.from_ical(str(rule).split("RRULE:", 1)[1])
        if rule._until is not None:  # naive local time: the only place dateutil keeps it
            value["UNTIL"] = rule._until.replace(tzinfo=series.zone).astimezone(dt.UTC)
        return value

    return [recur(r) for r in rules], [recur(r) for r in exrules], exdates


def rule_text(series):
    """The recurrence of ``series`` as RFC 5545 lines in its time zone, or None when single.

    UNTIL is the end of the editor's local end date, in UTC as RFC 5545 wants beside a DTSTART
    with TZID; EXDATEs are local starts with TZID.
    """
    rules, exrules, exdates = recurrence_values(series)
    if not rules:
        return None
    lines = []
    for name, group in (("RRULE", rules), ("EXRULE", exrules)):
        lines.extend(f"{name}:{recur.to_ical().decode()}" for recur in group)
    if exdates:
        values = ",".join(f"{value:%Y%m%dT%H%M%S}" for value in exdates)
        lines.append(f"EXDATE;TZID={series.time_zone}:{values}")
    return "\n".join(lines)


def _location(venue):
    if venue is None:
        return None
    return ", ".join([venue.name, *venue.address_lines])


def series_events(page, request=None, occurrences=None, source=None):
    """The VEVENTs of one series version ``page``: the master and its per-date overrides.

    ``source`` is the version whose dates count (looked up when not given); ``occurrences``
    the stored occurrences of the series (queried when not given).
    """
    source = source or source_series(page)
    zone = source.zone
    stamp = timezone.now()
    modified = page.last_published_at or stamp
    url = page.get_full_url(request)

    master = Event()
    master.add("uid", uid(source))
    master.add("dtstamp", stamp)
    master.add("last-modified", modified)
    master.add("sequence", sequence(source))
    master.add("summary", page.title)
    master.add("description", page.summary)
    if url:
        master.add("url", url)
    if location := _location(page.venue):
        master.add("location", location)
    elif page.online_url:
        master.add("location", page.online_url)
    first_start = source.first_start
    if source.all_day:
        master.add("dtstart", first_start.date())
        master.add("dtend", first_start.date() + dt.timedelta(days=1))
    else:
        master.add("dtstart", first_start.replace(tzinfo=zone))
        master.add("dtend", (first_start + source.duration).replace(tzinfo=zone))
    rules, exrules, exdates = recurrence_values(source)
    for rule in rules:
        master.add("rrule", rule)
    for rule in exrules:
        master.add("exrule", rule)

    if occurrences is None:
        occurrences = _changed_dates(Occurrence.objects.filter(series_key=source.translation_key))
    notes = {o.translation_key: o.note for o in page.overrides.all()}
    events = [master]
    excluded = [_moment(source, d.replace(tzinfo=zone)) for d in exdates]
    for occurrence in occurrences:
        original = occurrence.original_start.astimezone(zone)
        override = occurrence.override
        if override is None:
            continue
        note = notes.get(override.translation_key, override.note)
        if occurrence.status == OccurrenceStatus.CANCELLED:
            excluded.append(_moment(source, original))
            events.append(_cancelled_event(page, source, occurrence, original, note, stamp, url))
            continue
        events.append(_override_event(page, source, occurrence, original, note, stamp, url))
    if excluded:
        master.add("exdate", excluded)
    return events


def _moment(source, value):
    """``value`` (an aware local datetime) as a series' instances are named: the date alone
    when the series is all day, as its DTSTART is (RFC 5545 wants RECURRENCE-ID and EXDATE of
    the same type as DTSTART)."""
    return value.date() if source.all_day else value


def _instance(source, occurrence, original, stamp):
    """A VEVENT for one date of the series: UID, RECURRENCE-ID and the date's own times."""
    zone = source.zone
    event = Event()
    event.add("uid", uid(source))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence(source))
    event.add("recurrence-id", _moment(source, original))
    event.add("dtstart", _moment(source, occurrence.start.astimezone(zone)))
    event.add("dtend", _moment(source, occurrence.end.astimezone(zone)))
    return event


def _override_event(page, source, occurrence, original, note, stamp, url):
    event = _instance(source, occurrence, original, stamp)
    event.add("summary", f"{page.title}: {note}" if note else page.title)
    description = [page.summary]
    if occurrence.status == OccurrenceStatus.MOVED:
        description.insert(0, _("Moved from %(date)s.") % {"date": f"{original:%d.%m.%Y %H:%M}"})
    if note:
        description.insert(0, note)
    event.add("description", "\n\n".join(description))
    if url:
        event.add("url", url)
    if occurrence.override and occurrence.override.action == OverrideAction.MOVE:
        venue = occurrence.override.new_venue or page.venue
        if location := _location(venue):
            event.add("location", location)
    return event


def _cancelled_event(page, source, occurrence, original, reason, stamp, url):
    """The instance of a cancelled date: ``STATUS:CANCELLED``, with why in its summary."""
    event = _instance(source, occurrence, original, stamp)
    event.add("status", "CANCELLED")
    if reason:
        summary = _("Cancelled: %(title)s (%(reason)s)") % {"title": page.title, "reason": reason}
    else:
        summary = _("Cancelled: %(title)s") % {"title": page.title}
    event.add("summary", summary)
    description = [_("This date is cancelled."), reason, page.summary]
    event.add("description", "\n\n".join(part for part in description if part))
    if url:
        event.add("url", url)
    return event


def _changed_dates(occurrences):
    """The dates a feed writes besides the rule: those with an override (cancelled, moved or
    with a note; a cancellation is always an override). The rule gives all the others, so
    their rows are not read: at 1,000 series that is 47,000 rows fewer for the index feed."""
    return (
        occurrences.filter(override__isnull=False)
        .select_related("override__new_venue")
        .order_by("start")
    )


def build_calendar(pages, name, request=None):
    """A VCALENDAR with the events of every series version in ``pages``, with VTIMEZONEs."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    pages = list(pages)
    sources = sources_of(pages)
    occurrences = {}
    keys = [p.translation_key for p in pages]
    for occurrence in _changed_dates(Occurrence.objects.filter(series_key__in=keys)):
        occurrences.setdefault(occurrence.series_key, []).append(occurrence)
    for page in pages:
        source = sources[page.translation_key]
        for event in series_events(
            page, request, occurrences.get(page.translation_key, []), source
        ):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def sources_of(pages):
    """Map each page's translation key to the series version whose dates count, in one query."""
    default = Locale.get_default()
    # A series that exists only in another language is its own source.
    found = translate_many(pages, default, EventSeriesPage.objects.all())
    sources = {}
    for page, source in zip(pages, found, strict=True):
        sources.setdefault(page.translation_key, source)
    # A source among ``pages`` is the one given (which the caller may have prepared).
    sources.update((p.translation_key, p) for p in pages if p.locale_id == default.pk)
    return sources


def live_series_below(index_page):
    """The live, public series pages of an event index, ready for a feed."""
    return (
        EventSeriesPage.objects.child_of(index_page)
        .live()
        .public()
        .select_related("venue")
        .prefetch_related("overrides")
    )
