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

from django.db.models import F, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.decorators import decorate_view

from ..api.locale import (
    LocaleFilter,
    PageInput,
    attach_translations,
    paginate,
    raise_for_parameters,
    use_locale,
)
from ..api.schemas import ObjectId, error_responses, query_names
from ..conf import get_setting
from ..content_cache import cache_answers
from ..directory.api import localize_topics, prepare_organisations, unknown_topic_error
from ..directory.models import Organisation, Venue
from ..languages import is_known_language, language_name
from ..localization import Ref, localize, localize_many, localized
from .describe import describe_schedule
from .ical import rule_text, sources_of
from .models import (
    EventCategory,
    EventSeriesPage,
    Occurrence,
    OccurrenceOverride,
    SeriesLanguage,
    SeriesTopic,
)
from .schemas import (
    MAX_WINDOW_DAYS,
    NEXT_OCCURRENCES,
    OccurrenceFilters,
    OccurrenceList,
    OccurrenceOut,
    SeriesDetailOut,
    SeriesFilters,
    SeriesList,
    SeriesOut,
    VenueOut,
)

# The schemas moved to .schemas and rule_text to .ical; they stay importable from here.
__all__ = [
    "MAX_WINDOW_DAYS",
    "NEXT_OCCURRENCES",
    "OccurrenceOut",
    "SeriesDetailOut",
    "SeriesOut",
    "VenueOut",
    "occurrences_to_show",
    "prepare_occurrences",
    "router",
    "rule_text",
    "unknown_category_error",
    "visible_series",
]

router = Router(tags=["events"])

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Loading


def visible_series():
    """The series the API may show: live and public, any language."""
    return EventSeriesPage.objects.live().public()


def _set_urls(pages, request):
    feed = EventSeriesPage.get_resolver().reverse("ical")  # the same below every series
    for page in pages:
        page.page_url = page.get_full_url(request)
        page.ical_url = page.page_url and page.page_url + feed


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
    """Fill in what each occurrence shows, from ``page`` (the version shown) and the ``time_zone``
    and ``all_day`` of the source version, which the caller sets.

    Times in the series' time zone; one query for the notes of translated versions, one for the
    venues in the requested language.
    """
    for o in occurrences:
        zone = zoneinfo.ZoneInfo(o.time_zone)
        o.start, o.end = o.start.astimezone(zone), o.end.astimezone(zone)
        o.original_start = o.original_start.astimezone(zone)
        o.title, o.online_url, o.locale = o.page.title, o.page.online_url, o.page.locale
        o.url, o.ical_url = o.page.page_url, o.page.ical_url
    _set_notes(occurrences)
    venues = localize_many([o.venue for o in occurrences], content_locale, Venue.objects.all())
    for occurrence, venue in zip(occurrences, venues, strict=True):
        occurrence.localized_venue = venue


#: The fields of a series version that a date shows (title, links, online meeting) or that
#: finding the version needs.
SERIES_FIELDS_OF_A_DATE = ("translation_key", "locale", "title", "url_path", "online_url")


def _occurrences_to_show(queryset):
    """``queryset`` of occurrences in order, with what :func:`prepare_occurrences` needs.

    The source version's time zone and all-day flag come as two columns of the same query: a
    page of dates then builds no page object besides the versions shown.
    """
    return (
        queryset.select_related("override", "venue")
        .annotate(source_time_zone=F("series__time_zone"), source_all_day=F("series__all_day"))
        .order_by("start", "pk")
    )


def prepare_occurrences(occurrences, request, content_locale, series):
    """Load what a page of occurrences shows, in a fixed number of queries whatever its length.

    The occurrences come from :func:`_occurrences_to_show`; their series in the requested
    language are taken from ``series`` (one query), then :func:`_present` fills in the rest.
    """
    # Narrowed to the rows' translation keys, which every candidate has (without that, SQLite
    # reads every page), and to the fields a date shows of its series.
    candidates = series.filter(translation_key__in={o.series_key for o in occurrences}).only(
        *SERIES_FIELDS_OF_A_DATE
    )
    refs = [Ref(o.series_id, o.series_key) for o in occurrences]
    pages = localize_many(refs, content_locale, candidates)
    shown = {}
    for occurrence, page in zip(occurrences, pages, strict=True):
        page = page or occurrence.series  # unpublished since the page was read: one query
        occurrence.page = shown.setdefault(page.pk, page)
        occurrence.time_zone = occurrence.source_time_zone
        occurrence.all_day = occurrence.source_all_day
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
        occurrence.time_zone = occurrence.page.source.time_zone
        occurrence.all_day = occurrence.page.source.all_day
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
    prepare_organisations([o for o in organisers if o is not None], content_locale, request)
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


def unknown_category_error(slug):
    """The message for an event category slug that names none, or None when it names one."""
    if EventCategory.objects.filter(slug=slug).exists():
        return None
    slugs = EventCategory.objects.order_by("slug").values_list("slug", flat=True)
    return _("There is no event category “%(value)s”. Use one of: %(choices)s.") % {
        "value": slug,
        "choices": ", ".join(dict.fromkeys(slugs)),
    }


def _filter_errors(filters):
    errors = {}
    if filters.category and (message := unknown_category_error(filters.category)):
        errors["category"] = message
    if filters.topic and (message := unknown_topic_error(filters.topic)):
        errors["topic"] = message
    return errors


# Endpoints


#: Kept answers (content_cache) may answer 304 to a request whose If-None-Match names them.
_NOT_MODIFIED = {304: None}


@router.get(
    "occurrences",
    response={200: OccurrenceList, **_NOT_MODIFIED, **error_responses(400)},
    summary="Event dates",
)
@decorate_view(cache_answers("occurrences", query_names(OccurrenceFilters, PageInput)))
def occurrences(request, filters: Query[OccurrenceFilters], pagination: Query[PageInput]):
    """The dates of live, public series whose start lies in the window, ordered by start.

    `start` and `end` are days in the site's time zone (Europe/Berlin on the example site); the
    window is [start, end) and at most 366 days long. Cancelled and moved dates are listed with
    their `status`. Filters combine: `category`, `topic` (slugs) and `series` (a page id); an
    unknown value, or a missing or malformed date, is a 400 naming each parameter at fault.
    """
    errors = {}
    content_locale = use_locale(request, filters.locale, errors)
    errors.update(_filter_errors(filters))
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

    # ``visible`` is the series' live and public state, kept on each row: the window is one
    # range of the partial index on ``start`` of visible rows, in order, counted from the index.
    queryset = Occurrence.objects.filter(
        visible=True, start__gte=window_start, start__lt=window_end
    )
    if filters.category:
        queryset = queryset.filter(series__category__slug=filters.category)
    if filters.topic:
        links = SeriesTopic.objects.filter(topic__slug=filters.topic)
        queryset = queryset.filter(series__in=links.values("page_id"))
    if series_key is not None:
        queryset = queryset.filter(series_key=series_key)
    # The page is picked by id from the index first, then its rows are loaded: a deep page then
    # reads the index entries it skips, not their rows and what those point to.
    page = paginate(
        request, queryset.order_by("start", "pk").values_list("pk", flat=True), pagination
    )
    items = list(_occurrences_to_show(Occurrence.objects.filter(pk__in=page["items"])))
    if items:
        prepare_occurrences(items, request, content_locale, visible)
        attach_translations(items, request)
    return {"count": page["count"], "items": items}


#: For routers of higher layers that answer one date (registrations: ``GET occurrences/{id}``).
occurrences_to_show = _occurrences_to_show


def _series_pages():
    return visible_series().select_related("category", "venue", "organiser")


@router.get(
    "series",
    response={200: SeriesList, **_NOT_MODIFIED, **error_responses(400)},
    summary="Event series",
)
@decorate_view(cache_answers("series", query_names(SeriesFilters, PageInput)))
def series_list(request, filters: Query[SeriesFilters], pagination: Query[PageInput]):
    """The live, public event series and single events in the requested language, by title.

    Filters combine: `category`, `topic` (slugs) and `language` (a language spoken at the
    events); an unknown value is a 400 naming each parameter at fault.
    """
    errors = {}
    content_locale = use_locale(request, filters.locale, errors)
    language = (filters.language or "").strip().lower()
    errors.update(_filter_errors(filters))
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


@router.get(
    "series/{id}",
    response={200: SeriesDetailOut, **_NOT_MODIFIED, **error_responses(400, 404)},
    summary="One event series",
)
@decorate_view(cache_answers("series-detail", query_names(LocaleFilter)))
def series_detail(request, id: ObjectId, filters: Query[LocaleFilter]):
    """One series with its description, in the requested language or its German source.

    `id` is the page id of any language version of the series; 404 when no live, public series
    has it.
    """
    content_locale = use_locale(request, filters.locale)
    pages = _series_pages()
    page = localize(get_object_or_404(pages, pk=id), content_locale, pages)
    prepare_series([page], request, content_locale)
    return page
