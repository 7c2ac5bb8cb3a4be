"""What the event pages and blocks show: upcoming dates, a month calendar, filters, feed links.

``EventIndexPage.get_context``, ``EventSeriesPage.get_context`` and the blocks of
:mod:`.blocks` call these helpers. Each reads the :class:`~.models.Occurrence` table with one
range query on ``start`` and then, with one query each, what the rows point to: the series
versions in the page's language (the German source where there is no translation), the
evening's translated note and the venue in that language. The number of queries therefore does
not grow with the number of series or dates shown.

Times are shown in each series' own time zone; :class:`EventItem` holds them as aware datetimes
in that zone, so templates print them inside ``{% localtime off %}``.
"""

import calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .. import schema_org
from ..conf import get_setting
from ..directory.models import Venue
from ..languages import language_choices
from ..topics.models import Topic, add_months
from .describe import describe_schedule
from .models import (
    EventCategory,
    EventSeriesPage,
    Occurrence,
    OccurrenceOverride,
    OccurrenceStatus,
    SeriesLanguage,
    SeriesTopic,
)
from .occurrences import compute_occurrences, window

__all__ = [
    "EventItem",
    "build_items",
    "calendar_links",
    "group_by_month",
    "index_context",
    "index_series",
    "localized",
    "month_calendar",
    "next_items",
    "occurrence_rows",
    "series_context",
    "upcoming_items",
]

#: The longest an occurrence lasts: all day, or an evening that ends after midnight. An
#: occurrence still running at a moment started at most this long before it.
LONGEST_OCCURRENCE = dt.timedelta(days=1)

#: The GET parameters the index filters by.
FILTER_PARAMETERS = ("category", "topic", "language")


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


def default_zone():
    """The time zone that months and days of the index are counted in."""
    return zoneinfo.ZoneInfo(get_setting("DEFAULT_TIME_ZONE"))


def _local_midnight(day, zone):
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone)


def localized(model, locale, default):
    """Objects of a translatable ``model`` in ``locale``, plus the sources not translated into it.

    The same rule as the organisation directory's: a visitor sees everything, translated where
    a translation exists.
    """
    in_locale = Q(locale_id=locale.pk)
    if locale.pk == default.pk:
        return model.objects.filter(in_locale)
    translated = model.objects.filter(in_locale).values("translation_key")
    return model.objects.filter(
        in_locale | (Q(locale_id=default.pk) & ~Q(translation_key__in=translated))
    )


# -- occurrences and what they point to --------------------------------------------------------


def occurrence_rows(series, start, end=None, *, running_at=None, limit=None):
    """Occurrences of ``series`` (a queryset of source series) starting in ``[start, end)``.

    One range scan on the indexed ``start``. With ``running_at``, occurrences that started
    before ``start`` but still run then are included (``start`` is widened by a day for that).
    ``limit`` caps the rows fetched.
    """
    rows = Occurrence.objects.filter(series__in=series.values("pk"))
    if running_at is not None:
        rows = rows.filter(start__gte=start - LONGEST_OCCURRENCE, end__gt=running_at)
    else:
        rows = rows.filter(start__gte=start)
    if end is not None:
        rows = rows.filter(start__lt=end)
    rows = rows.select_related("override", "venue").order_by("start", "pk")
    return list(rows[:limit] if limit is not None else rows)


def series_versions(occurrences, locale, default):
    """Map translation keys to the live series version to show, in one query.

    The version in ``locale`` if it is live, else the German source, else the version the
    occurrences were computed from.
    """
    keys = {o.series_key for o in occurrences}
    if not keys:
        return {}
    pages = (
        EventSeriesPage.objects.live()
        .filter(
            Q(translation_key__in=keys, locale_id__in={locale.pk, default.pk})
            | Q(pk__in={o.series_id for o in occurrences})
        )
        .select_related("locale", "category", "organiser")
    )
    rank = {locale.pk: 0, default.pk: 1}
    chosen = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or rank.get(page.locale_id, 2) < rank.get(current.locale_id, 2):
            chosen[page.translation_key] = page
    return chosen


def _translations(model, objects, locale, **filters):
    """Map translation keys of ``objects`` to their translations into ``locale``; one query."""
    keys = {
        obj.translation_key for obj in objects if obj is not None and obj.locale_id != locale.pk
    }
    if not keys:
        return {}
    found = model.objects.filter(translation_key__in=keys, locale_id=locale.pk, **filters)
    return {obj.translation_key: obj for obj in found}


def build_items(occurrences, locale, default, *, series=None, request=None):
    """Turn stored occurrences into :class:`EventItem` objects for a page in ``locale``.

    ``series`` is the page when all occurrences are of one series shown on its own page: its
    overrides (already in its language, from the revision in a preview) give the notes.
    Otherwise the series versions and the notes' translations are looked up, one query each;
    ``default`` is the default locale, needed only then.
    """
    if not occurrences:
        return []
    if series is not None:
        versions = {series.translation_key: series}
        notes = {override.translation_key: override for override in series.overrides.all()}
    else:
        versions = series_versions(occurrences, locale, default)
        notes = _translations(
            OccurrenceOverride,
            [o.override for o in occurrences],
            locale,
            page__live=True,
        )
    venues = _translations(Venue, [o.venue for o in occurrences], locale)
    items = []
    for occurrence in occurrences:
        page = versions.get(occurrence.series_key)
        if page is None:
            continue
        zone = page.zone
        override = occurrence.override
        note_source = None
        if override is not None:
            note_source = notes.get(override.translation_key)
            if note_source is None or not note_source.note:
                note_source = override
        venue = occurrence.venue
        if venue is not None:
            venue = venues.get(venue.translation_key, venue)
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
            )
        )
    return items


def upcoming_items(series, locale, *, limit, request=None, now=None, default=None):
    """The next ``limit`` occurrences of the ``series`` queryset, still running or to come."""
    now = now or timezone.now()
    default = default or Locale.get_default()
    rows = occurrence_rows(series, now, running_at=now, limit=limit)
    return build_items(rows, locale, default, request=request)


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
    return build_items(rows, page.locale, None, series=page, request=request)


def _json_ld(items, request):
    """The schema.org ``Event`` of every item as one JSON-LD script element; "" without items."""
    return schema_org.json_ld_script(schema_org.events_data(items, request)) if items else ""


def group_by_month(items):
    """``[{"month": first day of the month, "items": [...]}, ...]`` in order of the months."""
    months = {}
    for item in items:
        months.setdefault(item.start.date().replace(day=1), []).append(item)
    return [{"month": month, "items": months[month]} for month in sorted(months)]


# -- links -------------------------------------------------------------------------------------


def calendar_links(page, request):
    """The page's calendar feed: ``ical_url`` to download and ``webcal_url`` to subscribe."""
    url = page.get_url(request)
    if not url:
        return {}
    ical_url = url + page.reverse_subpage("ical")
    absolute = request.build_absolute_uri(ical_url) if request is not None else ical_url
    scheme, separator, rest = absolute.partition("://")
    return {
        "ical_url": ical_url,
        "webcal_url": f"webcal://{rest}" if separator else "",
    }


# -- the month view ----------------------------------------------------------------------------


def parse_month(value):
    """``"2026-03"`` as the first day of that month, or None when it is not a month."""
    try:
        year, month = (int(part) for part in str(value).split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def first_weekday(language_code):
    """The first day of the week in ``language_code``, as :mod:`calendar` counts (Monday 0)."""
    django_day = formats.get_format("FIRST_DAY_OF_WEEK", lang=language_code)  # Sunday 0
    return (int(django_day) + 6) % 7


def month_calendar(items, month, *, first_day=0, today=None):
    """The weeks of ``month`` as rows of seven days, each day with its items.

    Returns ``{"weeks": [[{"date", "in_month", "today", "items"}, ...], ...], "weekdays":
    [(name, abbreviation), ...]}``, the weekdays starting at ``first_day`` (Monday 0).
    """
    by_date = {}
    for item in items:
        by_date.setdefault(item.start.date(), []).append(item)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "today": day == today,
                "items": by_date.get(day, []) if day.month == month.month else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(first_day).monthdatescalendar(month.year, month.month)
    ]
    weekdays = [
        (WEEKDAYS[(first_day + n) % 7], WEEKDAYS_ABBR[(first_day + n) % 7]) for n in range(7)
    ]
    return {"weeks": weeks, "weekdays": weekdays}


# -- the index page ----------------------------------------------------------------------------


def filter_options(series, locale, default):
    """The choices of the filter form: categories, topics and languages the series use."""
    categories = localized(EventCategory, locale, default).filter(
        slug__in=EventCategory.objects.filter(pk__in=series.values("category_id")).values("slug")
    )
    topics = localized(Topic, locale, default).filter(
        slug__in=Topic.objects.filter(
            pk__in=SeriesTopic.objects.filter(page__in=series.values("pk")).values("topic_id")
        ).values("slug")
    )
    spoken = set(
        SeriesLanguage.objects.filter(page__in=series.values("pk")).values_list("code", flat=True)
    )
    return {
        "categories": list(categories.order_by("name")),
        "topics": list(topics.order_by("sort_order", "name")),
        "languages": [(code, name) for code, name in language_choices() if code in spoken],
    }


def clean_filters(params, options):
    """The valid filters among the GET ``params``, and a message for each invalid one."""
    allowed = {
        "category": {category.slug for category in options["categories"]},
        "topic": {topic.slug for topic in options["topics"]},
        "language": {code for code, _name in options["languages"]},
    }
    messages = {
        "category": _("There is no category “%(value)s”; all categories are shown."),
        "topic": _("There is no topic “%(value)s”; all topics are shown."),
        "language": _("No event lists the language “%(value)s”; all are shown."),
    }
    filters, errors = {}, []
    for name in FILTER_PARAMETERS:
        value = params.get(name, "").strip()
        if not value:
            continue
        if value in allowed[name]:
            filters[name] = value
        else:
            errors.append(messages[name] % {"value": value})
    return filters, errors


def filter_series(series, filters):
    """Narrow a queryset of series down to the cleaned ``filters``."""
    if "category" in filters:
        series = series.filter(category__slug=filters["category"])
    if "topic" in filters:
        series = series.filter(
            pk__in=SeriesTopic.objects.filter(topic__slug=filters["topic"]).values("page_id")
        )
    if "language" in filters:
        series = series.filter(
            pk__in=SeriesLanguage.objects.filter(code=filters["language"]).values("page_id")
        )
    return series


def index_series(index_page, default):
    """The live, public series below the index; below its German source for a translation.

    Occurrences belong to the source versions of the series, which sit below the source index.
    """
    source = index_page
    if index_page.locale_id != default.pk:
        source = index_page.get_translation_or_none(default) or index_page
    return EventSeriesPage.objects.child_of(source).live().public()


def _truncate_at_day(items, limit):
    """Keep at most ``limit`` items, ending at a whole day; return them and the next day."""
    if len(items) <= limit:
        return items, None
    cut = items[limit].start.date()
    kept = [item for item in items[:limit] if item.start.date() < cut]
    if not kept:  # one day holds more than ``limit``: show those and go on with the next day
        return items[:limit], cut + dt.timedelta(days=1)
    return kept, cut


def _parse_date(value):
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def index_context(page, request, *, months=3, max_items=150, now=None):
    """The context of an EventIndexPage: the list of upcoming dates, or the month view.

    The list shows ``months`` calendar months from ``?from=YYYY-MM-DD`` (default: today), at
    most ``max_items`` dates, ending at a whole day; ``?month=YYYY-MM`` shows the month view.
    ``?category=``, ``?topic=`` and ``?language=`` filter both. A value that cannot be used is
    named in ``filter_errors`` and left out.
    """
    now = now or timezone.now()
    zone = default_zone()
    default = Locale.get_default()
    all_series = index_series(page, default)
    options = filter_options(all_series, page.locale, default)
    filters, errors = clean_filters(request.GET, options)
    view = {
        "page": page,
        "request": request,
        "series": filter_series(all_series, filters),
        "default": default,
        "now": now,
        "zone": zone,
        "today": now.astimezone(zone).date(),
        # The materialised window, as local dates: no dates are known outside it.
        "window": [bound.astimezone(zone).date() for bound in window(now)],
    }
    context = {
        "filters": filters,
        "filter_options": options,
        "filter_errors": errors,
        "calendar_links": calendar_links(page, request),
        "today": view["today"],
        "month_view": None,
    }
    value = request.GET.get("month")
    if value:
        month = parse_month(value)
        first, horizon = view["window"]
        if month is not None and first.replace(day=1) <= month < horizon:
            context.update(_month_context(view, month, max_items * 4))
            return context
        errors.append(
            _("“%(value)s” is not a month with known dates; here are the next dates.")
            % {"value": value}
        )
    context.update(_list_context(view, months, max_items, errors))
    return context


def _month_context(view, month, limit):
    """The month view of ``month``: at most ``limit`` dates (it says when there are more)."""
    zone, (first, horizon) = view["zone"], view["window"]
    following, previous = add_months(month, 1), add_months(month, -1)
    # A day wider than the month on each side: a series in another time zone has its own days.
    rows = occurrence_rows(
        view["series"],
        _local_midnight(month, zone) - LONGEST_OCCURRENCE,
        _local_midnight(following, zone) + LONGEST_OCCURRENCE,
        limit=limit,
    )
    items = [
        item
        for item in build_items(rows, view["page"].locale, view["default"], request=view["request"])
        if item.start.date().replace(day=1) == month
    ]
    first_day = first_weekday(view["page"].locale.language_code)
    return {
        "events": items,
        "json_ld": _json_ld(items, view["request"]),
        "month_view": {
            "month": month,
            "previous": previous if previous >= first.replace(day=1) else None,
            "next": following if following < horizon else None,
            "truncated": len(rows) >= limit,
            **month_calendar(items, month, first_day=first_day, today=view["today"]),
        },
    }


def _list_context(view, months, max_items, errors):
    """The upcoming dates by month, from ``?from=`` or today, and the links to more."""
    request, today, zone = view["request"], view["today"], view["zone"]
    horizon = view["window"][1]
    value = request.GET.get("from")
    start_day = _parse_date(value)
    if value and (start_day is None or not today <= start_day < horizon):
        errors.append(
            _("“%(value)s” is not a date to come; here are the next dates.") % {"value": value}
        )
        start_day = None
    start_day = start_day or today
    end_day = min(add_months(start_day.replace(day=1), months), horizon)
    end = _local_midnight(end_day, zone)
    if start_day == today:  # from now on, with what is running now
        rows = occurrence_rows(
            view["series"], view["now"], end, running_at=view["now"], limit=max_items + 1
        )
    else:
        start = _local_midnight(start_day, zone)
        rows = occurrence_rows(view["series"], start, end, limit=max_items + 1)
    items = build_items(rows, view["page"].locale, view["default"], request=request)
    items, next_day = _truncate_at_day(items, max_items)
    if next_day is None and end_day < horizon:
        next_day = end_day
    previous_day = None
    if start_day > today:
        previous_day = max(today, add_months(start_day.replace(day=1), -months))
    return {
        "events": items,
        "json_ld": _json_ld(items, request),
        "months": group_by_month(items),
        "list_start": start_day,
        "list_end": end_day,
        "next_from": next_day,
        "previous_from": previous_day,
        # The list from today has no ``from``: the template drops the parameter then.
        "previous_is_today": previous_day == today,
    }


# -- the series page ---------------------------------------------------------------------------


def series_context(page, request, *, count=6, now=None):
    """The context of an EventSeriesPage: its next dates, schedule sentence and feed links."""
    items = next_items(page, limit=count, request=request, now=now)
    with translation.override(page.locale.language_code):
        schedule = describe_schedule(page)
    organiser = page.organiser
    return {
        "events": items,
        "schedule": schedule,
        "languages": [link.code for link in page.spoken_languages.all()],
        "organiser": organiser,
        "calendar_links": calendar_links(page, request),
        "json_ld": _json_ld(items, request),
    }
