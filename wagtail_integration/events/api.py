"""``GET occurrences``, ``GET series`` and ``GET series/{id}``: events in the requested language.

Dates come from the materialised :class:`~.models.Occurrence` table: a page of occurrences is one
range scan on ``start`` whatever the number of series, and what the page shows (each series in the
requested language, the evening's note, the venue) is loaded for the whole page at once. A request
costs a fixed number of queries.

``series/{id}`` and the ``series`` filter take the page id of any language version of a series;
answers give the id of the version shown, so that ``series/{id}`` with the same ``locale`` answers
that version. Only live, public series.
"""

import datetime as dt
import re
import zoneinfo
from typing import Literal

from django.db.models import F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from ..api.locale import (
    LocaleFilter,
    LocalizedSchema,
    PageInput,
    localize,
    localize_many,
    localized,
    paginate,
    raise_for_parameters,
    use_locale,
)
from ..api.richtext import render_rich_text
from ..conf import get_setting
from ..directory.api import (
    AddressOut,
    CoordinatesOut,
    LanguageOut,
    OrganisationOut,
    TopicRefOut,
    localize_topics,
    prepare_organisations,
    unknown_topic_error,
)
from ..directory.models import Organisation, Venue
from ..languages import is_known_language, language_name
from .describe import describe_schedule
from .ical import recurrence_values, sources_of
from .models import (
    EventCategory,
    EventSeriesPage,
    Occurrence,
    OccurrenceOverride,
    Registration,
    SeriesLanguage,
    SeriesTopic,
)

__all__ = [
    "MAX_WINDOW_DAYS",
    "NEXT_OCCURRENCES",
    "OccurrenceOut",
    "SeriesDetailOut",
    "SeriesOut",
    "VenueOut",
    "router",
    "rule_text",
]

router = Router(tags=["events"])

#: The longest window ``GET occurrences`` answers, in days: a year, leap years included.
MAX_WINDOW_DAYS = 366

#: How many upcoming dates a series shows.
NEXT_OCCURRENCES = 3

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Schemas


class VenueOut(LocalizedSchema):
    """A place where events happen, in the requested language or its German source."""

    id: int
    name: str
    address: AddressOut
    coordinates: CoordinatesOut | None
    accessibility: str
    directions: str

    @staticmethod
    def resolve_address(obj):
        return {"street": obj.street, "postcode": obj.postcode, "city": obj.city}

    @staticmethod
    def resolve_coordinates(obj):
        if obj.latitude is None or obj.longitude is None:
            return None
        return {"latitude": obj.latitude, "longitude": obj.longitude}


class CategoryOut(Schema):
    """An event category, named in the requested language."""

    id: int
    slug: str = Field(description="Stable name of the category; the value of `category` filters.")
    name: str


class OccurrenceDateOut(Schema):
    """One date of a series: when, whether it takes place, and the evening's note."""

    id: int = Field(
        description="Id of the date in this answer; new ids each time the series is published."
    )
    start: dt.datetime = Field(description="ISO 8601 in the series' time zone, with UTC offset.")
    end: dt.datetime = Field(description="ISO 8601 in the series' time zone, with UTC offset.")
    original_start: dt.datetime = Field(
        description="When the rule puts this date; differs from `start` when it was moved."
    )
    all_day: bool = Field(description="An all-day event: `start` and `end` are local midnights.")
    status: Literal["scheduled", "cancelled", "moved"] = Field(
        description="`scheduled`; `cancelled` (still listed, so it can be shown as such); "
        "`moved` (`start`, `end`, perhaps `venue` changed)."
    )
    note: str = Field(
        description="The evening's topic or speaker, or why it changed, in the requested "
        "language where translated; empty when none."
    )
    venue: VenueOut | None = Field(description="Where this date takes place; null when online.")

    @staticmethod
    def resolve_venue(obj):
        return obj.localized_venue


class OccurrenceOut(OccurrenceDateOut, LocalizedSchema):
    """One date of a series, with what a calendar needs to show it.

    ``locale`` and ``fallback`` are those of the series version shown.
    """

    series: int = Field(description="Page id of the series version shown (see `GET series`).")
    title: str
    time_zone: str = Field(description="IANA name of the series' time zone, e.g. Europe/Berlin.")
    online_url: str = Field(description="Link to the online meeting; empty when none.")
    url: str | None = Field(description="Absolute URL of the series' page.")
    ical_url: str | None = Field(description="Absolute URL of the series' calendar feed.")

    @staticmethod
    def resolve_series(obj):
        return obj.page.pk


class OccurrenceList(Schema):
    count: int
    items: list[OccurrenceOut]


class RegistrationOut(Schema):
    kind: Literal["none", "link", "email"]
    label: str = Field(description="How to register, in the requested language.")
    url: str = Field(description="Where to register when `kind` is `link`; else empty.")
    email: str = Field(description="Where to register when `kind` is `email`; else empty.")


class SeriesOut(LocalizedSchema):
    """An event series (or a single event) as lists show it."""

    id: int = Field(description="Page id of this language version.")
    title: str
    slug: str
    summary: str
    category: CategoryOut | None
    topics: list[TopicRefOut]
    venue: VenueOut | None
    online_url: str = Field(description="Link to the online meeting; empty when none.")
    organiser: OrganisationOut | None
    languages: list[LanguageOut] = Field(description="Languages spoken at the events.")
    accessibility: str
    registration: RegistrationOut
    first_date: dt.date
    start_time: dt.time | None = Field(description="Local time in `time_zone`; null if all day.")
    end_time: dt.time | None = Field(
        description="Local time in `time_zone`; earlier than `start_time` means the next day."
    )
    time_zone: str = Field(description="IANA name of the series' time zone, e.g. Europe/Berlin.")
    all_day: bool
    rule: str | None = Field(
        description="The recurrence as RFC 5545 lines (RRULE, EXRULE, EXDATE), to be read with "
        "DTSTART at `first_date` and `start_time` in `time_zone`; null for a single event."
    )
    schedule: str = Field(
        description="The schedule as a sentence in the requested language, e.g. "
        "“every first Tuesday of the month, 7 p.m.–9 p.m.”."
    )
    next_occurrences: list[OccurrenceDateOut] = Field(
        description=f"The next {NEXT_OCCURRENCES} dates that have not ended, cancelled ones "
        "included."
    )
    url: str | None = Field(description="Absolute URL of the page; null when not routable.")
    ical_url: str | None = Field(description="Absolute URL of the series' calendar feed.")

    @staticmethod
    def resolve_category(obj):
        return obj.localized_category

    @staticmethod
    def resolve_venue(obj):
        return obj.localized_venue

    @staticmethod
    def resolve_organiser(obj):
        return obj.localized_organiser

    @staticmethod
    def resolve_registration(obj):
        return {
            "kind": obj.registration,
            "label": str(Registration(obj.registration).label),
            "url": obj.registration_url if obj.registration == Registration.LINK else "",
            "email": obj.registration_email if obj.registration == Registration.EMAIL else "",
        }

    # The dates are those of the source version, from which the occurrences are computed.

    @staticmethod
    def resolve_first_date(obj):
        return obj.source.first_date

    @staticmethod
    def resolve_start_time(obj):
        return None if obj.source.all_day else obj.source.start_time

    @staticmethod
    def resolve_end_time(obj):
        return None if obj.source.all_day else obj.source.end_time

    @staticmethod
    def resolve_time_zone(obj):
        return obj.source.time_zone

    @staticmethod
    def resolve_all_day(obj):
        return obj.source.all_day

    @staticmethod
    def resolve_url(obj):
        return obj.page_url


class SeriesDetailOut(SeriesOut):
    """An event series with its description."""

    body: str = Field(description="HTML; links to pages point to the requested language.")

    @staticmethod
    def resolve_body(obj, context):
        return render_rich_text([obj.body], context["request"])[0]


class SeriesList(Schema):
    count: int
    items: list[SeriesOut]


def _date_parameters(schema):
    # ``start`` and ``end`` are checked by the view, which explains a missing or malformed date
    # in the visitor's language; the OpenAPI document still shows them as the required dates
    # they are.
    for name in ("start", "end"):
        prop = schema["properties"][name]
        prop.pop("anyOf", None)
        prop.pop("default", None)
        prop.update(type="string", format="date")
    schema["required"] = [*schema.get("required", []), "start", "end"]


_CATEGORY = "Only series of this category (slug)."
_TOPIC = "Only series of this topic (slug)."


class OccurrenceFilters(LocaleFilter):
    model_config = ConfigDict(json_schema_extra=_date_parameters)

    start: str | None = Field(
        None,
        description="First day of the window, YYYY-MM-DD, in the site's time zone (Europe/Berlin "
        "by default). Required.",
        examples=["2026-03-01"],
    )
    end: str | None = Field(
        None,
        description="Day after the last day of the window, YYYY-MM-DD: the window is "
        f"[start, end), at most {MAX_WINDOW_DAYS} days. Required.",
        examples=["2026-04-01"],
    )
    category: str | None = Field(None, description=_CATEGORY)
    topic: str | None = Field(None, description=_TOPIC)
    series: int | None = Field(
        None, description="Only the dates of this series (page id of any language version)."
    )


class SeriesFilters(LocaleFilter):
    category: str | None = Field(None, description=_CATEGORY)
    topic: str | None = Field(None, description=_TOPIC)
    language: str | None = Field(
        None, description="Only series where this language is spoken (code, e.g. `ar`)."
    )


# Loading


def visible_series():
    """The series the API may show: live and public, any language."""
    return EventSeriesPage.objects.live().public()


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


def _set_urls(pages, request):
    for page in pages:
        page.page_url = page.get_full_url(request)
        page.ical_url = page.page_url and page.page_url + page.reverse_subpage("ical")


def _set_notes(occurrences):
    """Give each occurrence the note of its date in the version of the series it is shown with.

    The stored override belongs to the source version; a translation's override of the same
    date has the same translation key. Where the translation has none (or an empty one), the
    source's note stays, as on the pages.
    """
    wanted = [o for o in occurrences if o.override is not None and o.page.pk != o.override.page_id]
    notes = {}
    if wanted:
        rows = OccurrenceOverride.objects.filter(
            page_id__in={o.page.pk for o in wanted},
            translation_key__in={o.override.translation_key for o in wanted},
        ).values_list("page_id", "translation_key", "note")
        notes = {(page_id, key): note for page_id, key, note in rows}
    for occurrence in occurrences:
        override = occurrence.override
        translated = override and notes.get((occurrence.page.pk, override.translation_key))
        occurrence.note = translated or (override.note if override is not None else "")


def _present(occurrences, content_locale):
    """Fill in what each occurrence shows, from ``page`` (the version shown) and ``source``.

    Times in the series' time zone; one query for the notes of translated versions, one for the
    venues in the requested language.
    """
    for o in occurrences:
        zone = o.source.zone
        o.start, o.end = o.start.astimezone(zone), o.end.astimezone(zone)
        o.original_start = o.original_start.astimezone(zone)
        o.all_day, o.time_zone = o.source.all_day, o.source.time_zone
        o.title, o.online_url, o.locale = o.page.title, o.page.online_url, o.page.locale
        o.url, o.ical_url = o.page.page_url, o.page.ical_url
    _set_notes(occurrences)
    venues = localize_many([o.venue for o in occurrences], content_locale, Venue.objects.all())
    for occurrence, venue in zip(occurrences, venues, strict=True):
        occurrence.localized_venue = venue


def prepare_occurrences(occurrences, request, content_locale, series):
    """Load what a page of occurrences shows, in a fixed number of queries whatever its length.

    Their series in the requested language, taken from ``series`` (one query), then
    :func:`_present`.
    """
    pages = localize_many([o.series for o in occurrences], content_locale, series)
    shown = {}
    for occurrence, page in zip(occurrences, pages, strict=True):
        page = page or occurrence.series  # unpublished since the page was read
        occurrence.page = shown.setdefault(page.pk, page)
        occurrence.source = occurrence.series
    _set_urls(shown.values(), request)
    _present(occurrences, content_locale)


def _set_next_occurrences(pages, content_locale):
    """The next dates of each series in ``pages``: one query for all, ranked per series."""
    by_key = {page.translation_key: page for page in pages}
    rank = Window(
        RowNumber(), partition_by=F("series_key"), order_by=(F("start").asc(), F("pk").asc())
    )
    upcoming = list(
        Occurrence.objects.filter(series_key__in=by_key, end__gt=timezone.now())
        .select_related("override", "venue")
        .annotate(rank=rank)
        .filter(rank__lte=NEXT_OCCURRENCES)
        .order_by("start", "pk")
    )
    for page in pages:
        page.next_occurrences = []
    for occurrence in upcoming:
        occurrence.page = by_key[occurrence.series_key]
        occurrence.source = occurrence.page.source
        occurrence.page.next_occurrences.append(occurrence)
    _present(upcoming, content_locale)


def prepare_series(pages, request, content_locale):
    """Load what ``pages`` (series versions) show, in a fixed number of queries."""
    sources = sources_of(pages)
    for page in pages:
        page.source = sources[page.translation_key]
    prefetch_related_objects(pages, "spoken_languages", "topic_links__topic")

    categories = localize_many(
        [page.category for page in pages], content_locale, EventCategory.objects.all()
    )
    venues = localize_many([page.venue for page in pages], content_locale, Venue.objects.all())
    organisers = localize_many(
        [page.organiser for page in pages], content_locale, Organisation.objects.all()
    )
    prepare_organisations([o for o in organisers if o is not None], content_locale)
    links = [link for page in pages for link in page.topic_links.all()]
    topics = dict(
        zip(links, localize_topics([link.topic for link in links], content_locale), strict=True)
    )
    for page, category, venue, organiser in zip(pages, categories, venues, organisers, strict=True):
        page.localized_category, page.localized_venue = category, venue
        page.localized_organiser = organiser
        own = [topics[link] for link in page.topic_links.all()]
        page.topics = list({t.pk: t for t in own if t is not None}.values())
        page.languages = [
            {"code": link.code, "name": language_name(link.code)}
            for link in page.spoken_languages.all()
        ]
        page.rule, page.schedule = rule_text(page.source), describe_schedule(page.source)
    _set_urls(pages, request)
    _set_next_occurrences(pages, content_locale)


# Checking the parameters


def _parse_date(name, value, errors):
    if not value:
        if name == "start":
            errors[name] = _("Give the first day of the window as YYYY-MM-DD, e.g. 2026-03-01.")
        else:
            errors[name] = _("Give the day after the last day of the window as YYYY-MM-DD.")
        return None
    try:
        if not _DATE.fullmatch(value.strip()):
            raise ValueError
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = _(
            "“%(value)s” is not a date. Give the date as YYYY-MM-DD, for example 2026-03-01."
        ) % {"value": value}
        return None


def _window(filters, errors):
    """The window ``[start, end)`` of local days as aware datetimes, or (None, None)."""
    start = _parse_date("start", filters.start, errors)
    end = _parse_date("end", filters.end, errors)
    if start is None or end is None:
        return None, None
    if end <= start:
        errors["end"] = _("The end must be after the start, %(start)s.") % {"start": start}
        return None, None
    if (end - start).days > MAX_WINDOW_DAYS:
        errors["end"] = _(
            "The window from %(start)s to %(end)s is %(days)s days long. "
            "Ask for at most %(max)s days at a time."
        ) % {"start": start, "end": end, "days": (end - start).days, "max": MAX_WINDOW_DAYS}
        return None, None
    zone = zoneinfo.ZoneInfo(get_setting("DEFAULT_TIME_ZONE"))
    return _midnight(start, zone), _midnight(end, zone)


def _midnight(day, zone):
    """The start of the local ``day`` in ``zone``, in UTC."""
    try:
        return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01 in a zone east of UTC: before any datetime
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def _category_error(slug):
    if EventCategory.objects.filter(slug=slug).exists():
        return None
    slugs = EventCategory.objects.order_by("slug").values_list("slug", flat=True)
    return _("There is no event category “%(value)s”. Use one of: %(choices)s.") % {
        "value": slug,
        "choices": ", ".join(dict.fromkeys(slugs)),
    }


def _filter_errors(filters):
    errors = {}
    if filters.category and (message := _category_error(filters.category)):
        errors["category"] = message
    if filters.topic and (message := unknown_topic_error(filters.topic)):
        errors["topic"] = message
    return errors


# Endpoints


@router.get("occurrences", response=OccurrenceList, summary="Event dates")
def occurrences(request, filters: Query[OccurrenceFilters], pagination: Query[PageInput]):
    """The dates of live, public series whose start lies in the window, ordered by start.

    `start` and `end` are days in the site's time zone (Europe/Berlin on the example site); the
    window is [start, end) and at most 366 days long. Cancelled and moved dates are listed with
    their `status`. Filters combine: `category`, `topic` (slugs) and `series` (a page id); an
    unknown value, or a missing or malformed date, is a 400 naming each parameter at fault.
    """
    content_locale = use_locale(request, filters.locale)
    errors = _filter_errors(filters)
    window_start, window_end = _window(filters, errors)
    visible, series_key = visible_series(), None
    if filters.series is not None:
        series = visible.filter(pk=filters.series)
        series_key = series.values_list("translation_key", flat=True).first()
        if series_key is None:
            errors["series"] = _("There is no published event series with the id %(value)s.") % {
                "value": filters.series
            }
    raise_for_parameters(errors)

    queryset = Occurrence.objects.filter(
        start__gte=window_start, start__lt=window_end, series__in=visible
    )
    if filters.category:
        queryset = queryset.filter(series__category__slug=filters.category)
    if filters.topic:
        links = SeriesTopic.objects.filter(topic__slug=filters.topic)
        queryset = queryset.filter(series__in=links.values("page_id"))
    if series_key is not None:
        queryset = queryset.filter(series_key=series_key)
    return paginate(
        request,
        queryset.select_related("series", "override", "venue").order_by("start", "pk"),
        pagination,
        prepare=lambda items: prepare_occurrences(items, request, content_locale, visible),
    )


def _series_pages():
    return visible_series().select_related("category", "venue", "organiser")


@router.get("series", response=SeriesList, summary="Event series")
def series_list(request, filters: Query[SeriesFilters], pagination: Query[PageInput]):
    """The live, public event series and single events in the requested language, by title.

    Filters combine: `category`, `topic` (slugs) and `language` (a language spoken at the
    events); an unknown value is a 400 naming each parameter at fault.
    """
    content_locale = use_locale(request, filters.locale)
    language = (filters.language or "").strip().lower()
    errors = _filter_errors(filters)
    if language and not is_known_language(language):
        errors["language"] = _(
            "“%(value)s” is not a language code this site knows. Use a code such as de, en or ar."
        ) % {"value": filters.language}
    raise_for_parameters(errors)

    queryset = localized(_series_pages(), content_locale)
    if filters.category:
        queryset = queryset.filter(category__slug=filters.category)
    if filters.topic:
        links = SeriesTopic.objects.filter(topic__slug=filters.topic)
        queryset = queryset.filter(pk__in=links.values("page_id"))
    if language:
        spoken = SeriesLanguage.objects.filter(code=language)
        queryset = queryset.filter(pk__in=spoken.values("page_id"))
    return paginate(
        request,
        queryset.order_by("title", "pk"),
        pagination,
        prepare=lambda items: prepare_series(items, request, content_locale),
    )


@router.get("series/{id}", response=SeriesDetailOut, summary="One event series")
def series_detail(request, id: int, filters: Query[LocaleFilter]):
    """One series with its description, in the requested language or its German source.

    `id` is the page id of any language version of the series; 404 when no live, public series
    has it.
    """
    content_locale = use_locale(request, filters.locale)
    pages = _series_pages()
    page = localize(get_object_or_404(pages, pk=id), content_locale, pages)
    prepare_series([page], request, content_locale)
    return page
