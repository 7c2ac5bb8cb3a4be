"""The items of ``GET occurrences`` as plain JSON-ready dicts, in the shape of ``OccurrenceList``.

ninja validates an answer by reading every field of every item through a getter object; for a
page of 20 dates that took about 9 ms, most of a built answer (docs/benchmarks.md). The page of
dates is made here from the objects :func:`.api.prepare_occurrences` filled, field by field as
:class:`.schemas.OccurrenceOut` declares them; the schema stays the OpenAPI description, and
``tests/events/test_api.py`` checks that what this module makes validates against it and
equals what ninja makes of the same objects.
"""

import datetime as dt

from django.http import HttpResponse
from ninja.renderers import JSONRenderer

__all__ = ["occurrence_list_response"]

_renderer = JSONRenderer()


def _datetime(value):
    # pydantic's form: ISO 8601, "Z" for a zero offset, microseconds only when there are some.
    text = value.isoformat()
    return text[:-6] + "Z" if value.utcoffset() == dt.timedelta(0) else text


def _venue(venue, language):
    if venue is None:
        return None
    coordinates = None
    if venue.latitude is not None and venue.longitude is not None:
        coordinates = {"latitude": float(venue.latitude), "longitude": float(venue.longitude)}
    return {
        "locale": venue.locale.language_code,
        "fallback": venue.locale.language_code != language,
        "id": venue.pk,
        "name": venue.name,
        "address": {"street": venue.street, "postcode": venue.postcode, "city": venue.city},
        "coordinates": coordinates,
        "accessibility": venue.accessibility,
        "directions": venue.directions,
    }


def occurrence_item(occurrence, language):
    """One date as ``OccurrenceOut`` answers it; ``language`` is the requested one."""
    locale = occurrence.locale.language_code
    return {
        "id": occurrence.pk,
        "start": _datetime(occurrence.start),
        "end": _datetime(occurrence.end),
        "original_start": _datetime(occurrence.original_start),
        "all_day": occurrence.all_day,
        "status": occurrence.status,
        "note": occurrence.note,
        "venue": _venue(occurrence.localized_venue, language),
        "locale": locale,
        "fallback": locale != language,
        "series": occurrence.page.pk,
        "title": occurrence.title,
        "time_zone": occurrence.time_zone,
        "online_url": occurrence.online_url,
        "url": occurrence.url,
        "ical_url": occurrence.ical_url,
    }


def occurrence_list_response(request, count, items, language):
    """The whole answer, rendered as ninja renders JSON."""
    data = {"count": count, "items": [occurrence_item(o, language) for o in items]}
    content = _renderer.render(request, data, response_status=200)
    content_type = f"{_renderer.media_type}; charset={_renderer.charset}"
    return HttpResponse(content, content_type=content_type, status=200)
