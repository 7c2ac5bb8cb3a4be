"""What the event pages show: the index's upcoming dates and filters, the series page, feed links.

``EventIndexPage.get_context`` and ``EventSeriesPage.get_context`` call :func:`index_context`
and :func:`series_context`. The dates come from :mod:`.items` (a fixed number of queries
whatever the number of series or dates shown); the month view of the index from
:mod:`.month_view`. Their ``ical/`` routes answer with :func:`index_feed` and
:func:`series_feed`.
"""

import datetime as dt
import zoneinfo

from dateutil.relativedelta import relativedelta
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from ..conf import get_setting
from ..content_cache import cached_answer
from ..languages import language_choices
from ..localization import ContentLocale, localized, translate_many
from ..taxonomy import Topic
from .describe import describe_schedule
from .ical import CONTENT_TYPE, build_calendar, live_series_below
from .items import build_items, json_ld, local_midnight, next_items, occurrence_rows
from .models import EventCategory, EventSeriesPage, SeriesLanguage, SeriesTopic
from .month_view import month_context, parse_month
from .occurrences import window

__all__ = [
    "RegistrationHooks",
    "calendar_links",
    "filter_options",
    "group_by_month",
    "index_context",
    "index_feed",
    "index_series",
    "series_context",
    "series_feed",
]

#: The GET parameters the index filters by.
FILTER_PARAMETERS = ("category", "topic", "language")


def default_zone():
    """The time zone that months and days of the index are counted in."""
    return zoneinfo.ZoneInfo(get_setting("DEFAULT_TIME_ZONE"))


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


# -- the index page ----------------------------------------------------------------------------


def filter_options(series, locale):
    """The choices of the filter form: categories, topics and languages the series use."""
    # A visitor sees every category and topic, translated where a translation exists.
    content_locale = ContentLocale.of(locale)
    categories = localized(EventCategory.objects.all(), content_locale).filter(
        slug__in=EventCategory.objects.filter(pk__in=series.values("category_id")).values("slug")
    )
    topics = localized(Topic.objects.all(), content_locale).filter(
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
    options = filter_options(all_series, page.locale)
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
            context.update(month_context(view, month, max_items * 4))
            return context
        errors.append(
            _("“%(value)s” is not a month with known dates; here are the next dates.")
            % {"value": value}
        )
    context.update(_list_context(view, months, max_items, errors))
    return context


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
    end_day = min(start_day.replace(day=1) + relativedelta(months=months), horizon)
    end = local_midnight(end_day, zone)
    if start_day == today:  # from now on, with what is running now
        rows = occurrence_rows(
            view["series"], view["now"], end, running_at=view["now"], limit=max_items + 1
        )
    else:
        start = local_midnight(start_day, zone)
        rows = occurrence_rows(view["series"], start, end, limit=max_items + 1)
    items = build_items(rows, view["page"].locale, request=request)
    items, next_day = _truncate_at_day(items, max_items)
    if next_day is None and end_day < horizon:
        next_day = end_day
    previous_day = None
    if start_day > today:
        previous_day = max(today, start_day.replace(day=1) - relativedelta(months=months))
    return {
        "events": items,
        "json_ld": json_ld(items, request),
        "months": group_by_month(items),
        "list_start": start_day,
        "list_end": end_day,
        "next_from": next_day,
        "previous_from": previous_day,
        # The list from today has no ``from``: the template drops the parameter then.
        "previous_is_today": previous_day == today,
    }


# -- the series page ---------------------------------------------------------------------------


def related_in_language(page):
    """The page's category, venue and organiser, each in the page's language where translated.

    A translation copied from the German page may still point to the German snippets; each
    becomes its translation, else stays as it is. One query per kind that needs it, none on a
    German page.
    """
    return {
        name: translate_many([getattr(page, name)], page.locale)[0]
        for name in ("category", "venue", "organiser")
    }


class RegistrationHooks:
    """What the registrations app (a higher layer) lends the series page, in its ``ready()``.

    ``view(page, request, occurrence_id)`` answers ``<series url>register/[<id>/]``;
    ``seats(page, items, request)`` returns, for the series page, ``(per_date, whole)``: a
    dict of occurrence id to what to show beside that date, and what to show for a course (each
    an object with ``label`` and ``url``, ``url`` empty when registration is not open), or
    ``({}, None)``. Without the app, the routes answer 404 and the page shows no seats.
    """

    view = None
    seats = None


def serve_registration(page, request, occurrence_id=None):
    """``<series url>register/…``: the registrations app's form, or 404 without it."""
    from django.http import Http404

    if RegistrationHooks.view is None:
        raise Http404
    return RegistrationHooks.view(page, request, occurrence_id)


def series_context(page, request, *, count=6, now=None):
    """The context of an EventSeriesPage: its next dates, schedule sentence and feed links.

    ``category``, ``venue`` and ``organiser`` are the page's, in its language where translated.
    """
    items = next_items(page, limit=count, request=request, now=now)
    with translation.override(page.locale.language_code):
        schedule = describe_schedule(page)
    per_date, whole = {}, None
    if RegistrationHooks.seats is not None:
        per_date, whole = RegistrationHooks.seats(page, items, request)
    for item in items:
        item.registration = per_date.get(item.occurrence.pk)
    return {
        "series_registration": whole,
        "events": items,
        "schedule": schedule,
        "languages": [link.code for link in page.spoken_languages.all()],
        **related_in_language(page),
        "calendar_links": calendar_links(page, request),
        "json_ld": json_ld(items, request),
    }


def _feed_response(calendar, name):
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{slugify(name) or "events"}.ics"'
    return response


def series_feed(request, page):
    """``<series url>ical/``: the series as an RFC 5545 calendar (kept until content changes)."""
    return cached_answer(
        request,
        ("series-feed", page.pk),
        lambda: _feed_response(build_calendar([page], page.title, request), page.title),
        parameters=(),  # a feed reads no query parameter
    )


def index_feed(request, index_page):
    """``<index url>ical/``: every live series below the index in one calendar."""

    def build():
        calendar = build_calendar(live_series_below(index_page), index_page.title, request)
        return _feed_response(calendar, index_page.title)

    return cached_answer(request, ("index-feed", index_page.pk), build, parameters=())
