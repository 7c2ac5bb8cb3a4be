"""Public views of the events domain: the calendar feeds."""

from django.http import HttpResponse
from django.utils.text import slugify

from ..content_cache import cached_answer
from .ical import CONTENT_TYPE, build_calendar, live_series_below

__all__ = ["index_feed", "series_feed"]


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
