"""schema.org structured data (JSON-LD) for guides, organisations, events and lists of them.

The functions build plain dicts; :func:`json_ld_script` turns one into a ``<script>`` element
that is safe to put into any page, whatever text editors typed.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

__all__ = [
    "event_data",
    "events_data",
    "guide_data",
    "guide_list_data",
    "json_ld_script",
    "organisation_data",
    "organisation_list_data",
    "place_data",
]

CONTEXT = "https://schema.org"

# schema.org types more precise than Organization, by OrganisationKind value.
ORGANISATION_TYPES = {
    "authority": "GovernmentOrganization",
    "education": "EducationalOrganization",
    "health": "MedicalOrganization",
}

DAYS_OF_WEEK = {
    1: "https://schema.org/Monday",
    2: "https://schema.org/Tuesday",
    3: "https://schema.org/Wednesday",
    4: "https://schema.org/Thursday",
    5: "https://schema.org/Friday",
    6: "https://schema.org/Saturday",
    7: "https://schema.org/Sunday",
}

# "</script>" or "<!--" in an editor's text must not end or confuse the script element: JSON
# allows escaping every character, so the three that HTML cares about are written as \uXXXX.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` element, escaped for HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def _add_address(data, place):
    """Add ``address`` and ``geo`` of an organisation or venue (an ``Address``) to ``data``."""
    if place.street or place.postcode:
        address = {"@type": "PostalAddress"}
        for key, value in (
            ("streetAddress", place.street),
            ("postalCode", place.postcode),
            ("addressLocality", place.city),
        ):
            if value:
                address[key] = value
        data["address"] = address
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }


def organisation_data(organisation, *, with_context=True):
    """An Organisation as a schema.org ``Organization`` (or a more precise type).

    Reads ``opening_hours`` and ``spoken_languages`` through ``.all()``, so that prefetched
    rows are used.
    """
    data = {"@context": CONTEXT} if with_context else {}
    data["@type"] = ORGANISATION_TYPES.get(organisation.kind, "Organization")
    data["name"] = organisation.name
    if organisation.description:
        data["description"] = organisation.description
    _add_address(data, organisation)
    for key, value in (
        ("telephone", organisation.phone),
        ("email", organisation.email),
        ("url", organisation.website),
    ):
        if value:
            data[key] = value
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": DAYS_OF_WEEK[period.weekday],
            "opens": period.opens.strftime("%H:%M"),
            "closes": period.closes.strftime("%H:%M"),
        }
        for period in organisation.opening_hours.all()
        if period.weekday in DAYS_OF_WEEK
    ]
    if hours:
        data["openingHoursSpecification"] = hours
    languages = [link.code for link in organisation.spoken_languages.all()]
    if languages:
        data["knowsLanguage"] = languages
    return data


def guide_data(page, request=None, organisations=()):
    """A TopicGuidePage as a schema.org ``Article``; ``dateModified`` is its review date.

    ``organisations`` are the ones its contact cards show; sample data is left out, since a
    machine reading the data cannot see the sample mark a visitor sees.
    """
    data = {
        "@context": CONTEXT,
        "@type": "Article",
        "headline": page.title,
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
        "dateModified": page.last_reviewed,
    }
    if page.summary:
        data["description"] = page.summary
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date()
    if page.topic_id:
        data["about"] = {"@type": "Thing", "name": page.topic.name}
    mentions = [
        organisation_data(organisation, with_context=False)
        for organisation in organisations
        if organisation is not None and not organisation.is_sample
    ]
    if mentions:
        data["mentions"] = mentions
    return data


def guide_list_data(page, guides, request=None):
    """A TopicIndexPage as a ``CollectionPage`` listing its guides."""
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": guide.title,
                    "url": guide.get_full_url(request),
                }
                for position, guide in enumerate(guides, start=1)
            ],
        },
    }


def organisation_list_data(page, organisations, request=None, start=1):
    """An OrganisationDirectoryPage as a ``CollectionPage`` of the organisations it shows.

    Sample data is left out, as in :func:`guide_data`.
    """
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "item": organisation_data(organisation, with_context=False),
                }
                for position, organisation in enumerate(
                    (item for item in organisations if not item.is_sample), start=start
                )
            ],
        },
    }


# schema.org's eventStatus, by OccurrenceStatus value.
EVENT_STATUSES = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "moved": "https://schema.org/EventRescheduled",
}


def place_data(venue):
    """A Venue as a schema.org ``Place`` with its postal address."""
    data = {"@type": "Place", "name": venue.name}
    _add_address(data, venue)
    return data


def _event_time(value, all_day):
    """An aware datetime as ISO 8601 with its UTC offset; a date alone for all-day events."""
    return value.date().isoformat() if all_day else value.isoformat(timespec="seconds")


def event_data(
    series,
    *,
    start,
    end,
    status="scheduled",
    previous_start=None,
    venue=None,
    note="",
    request=None,
    with_context=True,
):
    """One occurrence of an EventSeriesPage as a schema.org ``Event``.

    ``start``, ``end`` and ``previous_start`` (the start a moved occurrence had) are aware
    datetimes, written with the UTC offset they carry, so pass them in the series' time zone.
    ``venue`` is the occurrence's venue (a moved one may have its own), ``note`` the evening's
    topic or speaker. Reads ``series.locale`` and ``series.organiser``: select them with the
    series when there are many. A sample organiser is left out, as in :func:`guide_data`.
    """
    data = {"@context": CONTEXT} if with_context else {}
    data["@type"] = "Event"
    data["name"] = f"{series.title}: {note}" if note else series.title
    description = "\n\n".join(text for text in (note, series.summary) if text)
    if description:
        data["description"] = description
    data["url"] = series.get_full_url(request)
    data["inLanguage"] = series.locale.language_code
    data["startDate"] = _event_time(start, series.all_day)
    if end is not None and end > start:
        data["endDate"] = _event_time(end, series.all_day)
    data["eventStatus"] = EVENT_STATUSES.get(status, EVENT_STATUSES["scheduled"])
    if status == "moved" and previous_start is not None:
        data["previousStartDate"] = _event_time(previous_start, series.all_day)
    locations = []
    if venue is not None:
        locations.append(place_data(venue))
    if series.online_url:
        locations.append({"@type": "VirtualLocation", "url": series.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
        if venue is None:
            mode = "OnlineEventAttendanceMode"
        else:
            mode = "MixedEventAttendanceMode" if series.online_url else "OfflineEventAttendanceMode"
        data["eventAttendanceMode"] = f"{CONTEXT}/{mode}"
    organiser = series.organiser
    if organiser is not None and not organiser.is_sample:
        data["organizer"] = {
            "@type": ORGANISATION_TYPES.get(organiser.kind, "Organization"),
            "name": organiser.name,
        }
        if organiser.website:
            data["organizer"]["url"] = organiser.website
    return data


def events_data(items, request=None):
    """A list of ``Event`` dicts, one per item of :func:`wagtail_integration.events.pages` lists.

    Each item has ``series``, ``start``, ``end``, ``status``, ``original_start``, ``venue`` and
    ``note``; a JSON-LD script may hold the list as it is.
    """
    return [
        event_data(
            item.series,
            start=item.start,
            end=item.end,
            status=item.status,
            previous_start=item.original_start,
            venue=item.venue,
            note=item.note,
            request=request,
        )
        for item in items
    ]


# Honours (wagtail_integration.honours)

__all__ += ["honour_list_data", "honour_recipient_data"]


def honour_recipient_data(page, request=None, *, image_url=None, with_context=True):
    """A HonourRecipientPage as a schema.org ``Person`` (or ``Organization`` for a group).

    ``award`` names the award and the year, as schema.org's text property wants it;
    ``image_url`` is the absolute URL of the photo shown, if any. Reads ``page.award`` and
    ``page.organisation``: select them with the page when there are many. A sample
    organisation is left out, as in :func:`guide_data`.
    """
    data = {"@context": CONTEXT} if with_context else {}
    data["@type"] = "Organization" if page.is_group else "Person"
    data["name"] = page.title
    data["url"] = page.get_full_url(request)
    if page.award_id:
        data["award"] = f"{page.award.name} {page.year}"
    if image_url:
        data["image"] = {
            "@type": "ImageObject",
            "contentUrl": image_url,
            "description": page.photo_alt,
        }
        if page.photo_credit:
            data["image"]["creditText"] = page.photo_credit
    organisation = page.organisation
    if organisation is not None and not organisation.is_sample:
        reference = {
            "@type": ORGANISATION_TYPES.get(organisation.kind, "Organization"),
            "name": organisation.name,
        }
        if organisation.website:
            reference["url"] = organisation.website
        data["parentOrganization" if page.is_group else "affiliation"] = reference
    return data


def honour_list_data(page, recipients, request=None):
    """A HonourIndexPage as a ``CollectionPage`` whose ``ItemList`` holds the recipients shown."""
    return {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": page.title,
        "url": page.get_full_url(request),
        "inLanguage": page.locale.language_code,
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(recipients),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "item": honour_recipient_data(recipient, request, with_context=False),
                }
                for position, recipient in enumerate(recipients, start=1)
            ],
        },
    }
