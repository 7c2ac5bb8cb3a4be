"""The shapes of ``GET occurrences``, ``GET series`` and ``GET series/{id}``: ninja schemas of
the answers and of the query parameters, as the OpenAPI document shows them.

:mod:`.api` fills the objects these schemas read (``localized_venue``, ``source``, ``page_url``
…) for a whole page of items at once; the ``resolve_*`` methods only pick them up.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from ..api.locale import LocaleFilter, LocalizedSchema, TranslatedSchema
from ..api.richtext import render_rich_text
from ..api.schemas import MAX_ID, LocalTime
from ..directory.api import AddressOut, CoordinatesOut, LanguageOut, OrganisationOut, TopicRefOut
from .models import Registration

__all__ = [
    "MAX_WINDOW_DAYS",
    "NEXT_OCCURRENCES",
    "CategoryOut",
    "OccurrenceDateOut",
    "OccurrenceFilters",
    "OccurrenceList",
    "OccurrenceOut",
    "RegistrationOut",
    "SeriesDetailOut",
    "SeriesFilters",
    "SeriesList",
    "SeriesOut",
    "VenueOut",
]

#: The longest window ``GET occurrences`` answers, in days: a year, leap years included.
MAX_WINDOW_DAYS = 366

#: How many upcoming dates a series shows.
NEXT_OCCURRENCES = 3


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
        description="Id of the date: kept when the series is published again (a new time, a "
        "move, a note); gone with the date when the rule no longer gives that day."
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


class OccurrenceOut(OccurrenceDateOut, TranslatedSchema):
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
    kind: Literal["none", "link", "email", "form"] = Field(
        description="`form`: on this site, for each date (`scope` `date`, see "
        "`GET occurrences/{id}`) or for the whole series (`scope` `series`)."
    )
    label: str = Field(description="How to register, in the requested language.")
    url: str = Field(description="Where to register when `kind` is `link`; else empty.")
    email: str = Field(description="Where to register when `kind` is `email`; else empty.")
    scope: Literal["date", "series"] | None = Field(
        description="With `kind` `form`: what one registration is for; else null."
    )
    seats: int | None = Field(
        description="With `kind` `form`: the seats per date or course; null when not limited."
    )


class SeriesOut(TranslatedSchema):
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
    start_time: LocalTime | None = Field(
        description="Local time in `time_zone`, without offset; null if all day."
    )
    end_time: LocalTime | None = Field(
        description="Local time in `time_zone`, without offset; earlier than `start_time` "
        "means the next day."
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
            "scope": obj.registration_scope if obj.registration == Registration.FORM else None,
            "seats": obj.registration_seats if obj.registration == Registration.FORM else None,
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
        None,
        ge=1,
        le=MAX_ID,
        description="Only the dates of this series (page id of any language version).",
    )


class SeriesFilters(LocaleFilter):
    category: str | None = Field(None, description=_CATEGORY)
    topic: str | None = Field(None, description=_TOPIC)
    language: str | None = Field(
        None, description="Only series where this language is spoken (code, e.g. `ar`)."
    )
