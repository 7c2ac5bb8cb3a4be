"""Expanding an event series into occurrences at the right wall-clock time.

Plain Python: no database, no Django. A series says "19:00 Europe/Berlin, first Tuesday of the
month"; its occurrences are computed in naive local time and only then given their time zone,
so that 19:00 stays 19:00 across the changes to and from summer time. (Expanding an aware
DTSTART, as django-recurrence does by default, keeps the UTC offset of the first date and
shifts every occurrence on the other side of a change by an hour.)

Local times that do not exist or exist twice are resolved as documented in
``docs/events.md``:

- a nonexistent time (the hour skipped in March) moves forward by the length of the gap:
  02:30 becomes 03:30 summer time;
- an ambiguous time (the hour repeated in October) is the first of the two, in summer time.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule

__all__ = ["Span", "expand", "localize", "naive_until"]

UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class Span:
    """One occurrence: its local start as the rule gives it, and its start and end in UTC."""

    local_start: dt.datetime  # naive, in the series' time zone
    start: dt.datetime  # aware, UTC
    end: dt.datetime  # aware, UTC


def localize(naive, zone):
    """Give the naive local ``naive`` its time zone, resolving gaps and folds (see module)."""
    aware = naive.replace(tzinfo=zone, fold=0)
    # A time in a gap does not survive the round trip through UTC: zoneinfo maps it with the
    # offset before the gap, which lands after the gap, i.e. moved forward by its length.
    roundtrip = aware.astimezone(UTC).astimezone(zone)
    if roundtrip.replace(tzinfo=None) != naive:
        return roundtrip
    return aware


def naive_until(until, zone):
    """An UNTIL value as a naive local datetime at the end of its day in ``zone``.

    Editors give an end date; whatever time an UNTIL carries (django-recurrence stores it as UTC
    midnight of the editor's local date), the series runs through that local day.
    """
    if until is None:
        return None
    if until.tzinfo is not None:
        until = until.astimezone(zone).replace(tzinfo=None)
    return dt.datetime.combine(until.date(), dt.time.max)


def expand(
    *,
    first_start,
    duration,
    zone,
    rules=(),
    exrules=(),
    exdates=(),
    window_start,
    window_end,
):
    """Return the :class:`Span` of every occurrence that starts in ``[window_start, window_end)``.

    ``first_start`` is the naive local start of the first occurrence, ``duration`` a timedelta,
    ``zone`` a :class:`zoneinfo.ZoneInfo` (or its key), ``rules`` dateutil ``rrule`` objects or
    RFC 5545 RRULE strings built on naive local time (an empty list means a single event),
    ``exrules`` rules of starts to leave out, and ``exdates`` naive local starts to leave out.
    The window bounds are aware datetimes.
    """
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    if first_start.tzinfo is not None:
        raise ValueError("first_start must be naive local time")
    # Widen the naive window by a day on each side: the UTC bounds are compared exactly below.
    local_from = window_start.astimezone(zone).replace(tzinfo=None) - dt.timedelta(days=1)
    local_to = window_end.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=1)

    if rules:
        ruleset = rrule.rruleset()
        for rule in rules:
            if isinstance(rule, str):
                rule = rrule.rrulestr(rule, dtstart=first_start, ignoretz=True)
            ruleset.rrule(rule)
        for exrule in exrules:
            ruleset.exrule(exrule)
        for exdate in exdates:
            ruleset.exdate(exdate)
        # The first date always counts, as DTSTART does in RFC 5545.
        ruleset.rdate(first_start)
        starts = ruleset.between(local_from, local_to, inc=True)
    else:
        starts = [first_start] if local_from <= first_start <= local_to else []
        starts = [s for s in starts if s not in set(exdates)]

    spans = []
    for local_start in starts:
        start = localize(local_start, zone).astimezone(UTC)
        if window_start <= start < window_end:
            end = localize(local_start + duration, zone).astimezone(UTC)
            spans.append(Span(local_start, start, max(end, start)))
    return spans
