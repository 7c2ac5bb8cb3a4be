"""The dates a visitor sees: stored occurrences turned into :class:`EventItem` objects.

Each helper reads the :class:`~.models.Occurrence` table with one range query on ``start`` and
then, with one query each, what the rows point to: the series versions in the page's language
(the German source where there is no translation, marked ``is_fallback``), the evening's
translated note and the venue in that language. The number of queries therefore does not grow
with the number of series or dates shown.

Times are shown in each series' own time zone; :class:`EventItem` holds them as aware datetimes
in that zone, so templates print them inside ``{% localtime off %}``.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .. import schema_org
from ..directory.models import Venue
from ..localization import (
    ContentLocale,
    Ref,
    hides_untranslated,
    is_fallback,
    localize_many,
    translate_many,
)
from .models import EventSeriesPage, Occurrence, OccurrenceOverride, OccurrenceStatus
from .occurrences import compute_occurrences, window

__all__ = [
    "LONGEST_OCCURRENCE",
    "EventItem",
    "build_items",
    "json_ld",
    "local_midnight",
    "next_items",
    "occurrence_rows",
    "series_versions",
    "upcoming_items",
]

#: The longest an occurrence lasts: all day, or an evening that ends after midnight. An
#: occurrence still running at a moment started at most this long before it.
LONGEST_OCCURRENCE = dt.timedelta(days=1)


@dataclass(slots=True)
class EventItem:
    """One occurrence as a visitor sees it, in the language and time zone it is shown in."""

    occurrence: Occurrence
    #: The version of the series shown: in the page's language, else the German source.
    series: EventSeriesPage
    #: Start, end and the start the rule gave (before a move), aware, in the series' time zone.
    start: dt.datetime
    end: dt.datetime
    original_start: dt.datetime
    url: str = ""
    #: The evening's topic or speaker, and the override it comes from (for its language).
    note: str = ""
    note_source: OccurrenceOverride | None = None
    venue: Venue | None = None
    #: Whether ``series`` is the German source, shown for want of a translation: its title
    #: says its language and its link ``hreflang``, and it is marked "In German".
    is_fallback: bool = False
    #: Seats and the registration link of this date, where the series takes registrations on
    #: this website (set by :func:`.pages.series_context` from the registrations app).
    registration: object = None

    @property
    def status(self):
        """``scheduled``, ``cancelled`` or ``moved``."""
        return self.occurrence.status

    @property
    def cancelled(self):
        """Whether the date is called off."""
        return self.status == OccurrenceStatus.CANCELLED

    @property
    def moved(self):
        """Whether the date has a new time, day or place."""
        return self.status == OccurrenceStatus.MOVED

    @property
    def moved_to_another_day(self):
        """Whether a move changed the day, not only the time."""
        return self.moved and self.original_start.date() != self.start.date()

    @property
    def all_day(self):
        """Whether the series takes whole days."""
        return self.series.all_day

    @property
    def html_id(self):
        """A fragment identifier for this date on the series page, stable across rebuilds."""
        return f"wi-date-{self.occurrence.original_start.astimezone(dt.UTC):%Y%m%dT%H%MZ}"


def occurrence_rows(series, start, end=None, *, running_at=None, limit=None):
    """Occurrences of ``series`` (a queryset of source series) starting in ``[start, end)``.

    One range scan on the indexed ``start``. With ``running_at``, occurrences that started
    before ``start`` but still run then are included (``start`` is widened by a day for that).
    ``limit`` caps the rows fetched.
    """
    # ``visible`` (live and public) selects the partial index on start, read in order; the
    # series are then a filter on its rows rather than the way into the table.
    rows = Occurrence.objects.filter(visible=True, series__in=series.values("pk"))
    if running_at is not None:
        rows = rows.filter(start__gte=start - LONGEST_OCCURRENCE, end__gt=running_at)
    else:
        rows = rows.filter(start__gte=start)
    if end is not None:
        rows = rows.filter(start__lt=end)
    rows = rows.select_related("override", "venue").order_by("start", "pk")
    return list(rows[:limit] if limit is not None else rows)


def series_versions(occurrences, locale):
    """Map translation keys to the live series version to show, in one query.

    The version in ``locale`` if it is live, else the German source, else the version the
    occurrences were computed from (the package's fallback, :func:`.localization.localize_many`,
    fed with the rows' series ids and keys: loading each series would widen every occurrence
    query by a join).
    """
    refs = {o.series_key: Ref(o.series_id, o.series_key) for o in occurrences}
    if not refs:
        return {}
    versions = localize_many(
        list(refs.values()),
        ContentLocale.of(locale),
        EventSeriesPage.objects.live().select_related("locale", "category", "organiser"),
    )
    return {key: page for key, page in zip(refs, versions, strict=True) if page is not None}


def build_items(occurrences, locale, *, series=None, request=None):
    """Turn stored occurrences into :class:`EventItem` objects for a page in ``locale``.

    ``series`` is the page when all occurrences are of one series shown on its own page: its
    overrides (already in its language, from the revision in a preview) give the notes.
    Otherwise the series versions and the notes' translations are looked up, one query each,
    and a list leaves out the dates of series without a translation when
    ``UNTRANSLATED_CONTENT = "hide"``.
    """
    if not occurrences:
        return []
    overrides = [o.override for o in occurrences]
    if series is not None:
        versions = {series.translation_key: series}
        own = {override.translation_key: override for override in series.overrides.all()}
        notes = [own.get(o.translation_key) if o is not None else None for o in overrides]
    else:
        versions = series_versions(occurrences, locale)
        notes = translate_many(
            overrides, locale, OccurrenceOverride.objects.filter(page__live=True)
        )
    venues = translate_many([o.venue for o in occurrences], locale, Venue.objects.all())
    content_locale = ContentLocale.of(locale)
    hide = series is None and hides_untranslated()
    items = []
    for occurrence, note_source, venue in zip(occurrences, notes, venues, strict=True):
        page = versions.get(occurrence.series_key)
        if page is None or (hide and is_fallback(page, content_locale)):
            continue
        zone = page.zone
        override = occurrence.override
        if override is not None and (
            note_source is None or not note_source.note or note_source.note == override.note
        ):
            # No note in the page's language, or the German one copied into the translation
            # and not translated yet: the German override, so the note is marked as German.
            note_source = override
        items.append(
            EventItem(
                occurrence=occurrence,
                series=page,
                start=occurrence.start.astimezone(zone),
                end=occurrence.end.astimezone(zone),
                original_start=occurrence.original_start.astimezone(zone),
                url=page.get_url(request) or "",
                note=note_source.note if note_source is not None else "",
                note_source=note_source if note_source is not None and note_source.note else None,
                venue=venue,
                is_fallback=is_fallback(page, content_locale),
            )
        )
    return items


def upcoming_items(series, locale, *, limit, request=None, now=None):
    """The next ``limit`` occurrences of the ``series`` queryset, still running or to come."""
    now = now or timezone.now()
    rows = occurrence_rows(series, now, running_at=now, limit=limit)
    return build_items(rows, locale, request=request)


def next_items(page, *, limit, request=None, now=None):
    """The next ``limit`` dates of one series ``page``, cancelled and moved ones included.

    In a preview they are computed from the page being previewed, so that an editor sees the
    dates of a rule or a change before publishing it; else they are read from the table.
    """
    now = now or timezone.now()
    if getattr(request, "is_preview", False):
        horizon = window(now)[1]
        rows = [
            row
            for row in compute_occurrences(page, (now - LONGEST_OCCURRENCE, horizon))
            if row.end > now
        ][:limit]
    else:
        rows = list(
            Occurrence.objects.filter(
                series_key=page.translation_key,
                start__gte=now - LONGEST_OCCURRENCE,
                end__gt=now,
            )
            .select_related("override", "venue")
            .order_by("start", "pk")[:limit]
        )
    return build_items(rows, page.locale, series=page, request=request)


def local_midnight(day, zone):
    """The start of the local ``day`` in ``zone``, aware."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def json_ld(items, request):
    """The schema.org ``Event`` of every item as one JSON-LD script element; "" without items."""
    return schema_org.json_ld_script(schema_org.events_data(items, request)) if items else ""
