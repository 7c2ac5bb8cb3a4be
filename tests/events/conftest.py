"""Fixtures of the events tests: an event index below the site root, a way to add series, the
frozen clock and the Stammtisch the page and block tests share."""

import datetime as dt
import functools

import pytest
from django.utils import timezone

from tests import factories
from tests.events.support import BOUNDS, NOW, STAMMTISCH_OVERRIDES, translate
from wagtail_integration.directory.models import Venue
from wagtail_integration.events.models import EventCategory


@pytest.fixture
def event_index(db):
    """A published German event index below the default site's root page."""
    return factories.event_index(slug="veranstaltungen")


@pytest.fixture
def make_series(event_index):
    """Create and publish a German series below ``event_index``: ``factories.series``."""
    return functools.partial(factories.series, event_index)


@pytest.fixture
def frozen_now(monkeypatch):
    """The clock stands at NOW (mid-February 2027): "upcoming" is the same on every run."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def things():
    """A category, topic, venue and organiser for series to point to."""
    de = factories.locale("de")
    return {
        "stammtisch": EventCategory.objects.create(name="Stammtisch", slug="stammtisch", locale=de),
        "training": EventCategory.objects.create(name="Schulung", slug="schulung", locale=de),
        "topic": factories.topic(slug="ehrenamt", name="Ehrenamt"),
        "venue": Venue.objects.create(
            name="Haus der Begegnung",
            street="Görgenstraße 17",
            postcode="56068",
            city="Koblenz",
            accessibility="Stufenloser Eingang, Aufzug",
            directions="Bus 1 bis Görgenstraße",
            locale=de,
        ),
        "organiser": factories.organisation(
            "Ehrenamtskoordination IKOKO", kind="authority", is_sample=False
        ),
    }


@pytest.fixture
def series_factory(make_series, things):
    """Publish a series with everything a page shows and materialise its 2027 dates."""

    def make(title="Ehrenamtsstammtisch", *, languages=("de", "ar"), topics=None, **fields):
        fields.setdefault("first_date", dt.date(2027, 1, 5))
        fields.setdefault("category", things["stammtisch"])
        fields.setdefault("venue", things["venue"])
        fields.setdefault("organiser", things["organiser"])
        return make_series(
            title,
            languages=languages,
            topics=topics if topics is not None else [things["topic"]],
            materialise=BOUNDS,
            **fields,
        )

    return make


@pytest.fixture
def stammtisch(series_factory):
    """First Tuesday of the month, 19:00–21:00 Berlin: a note in March (winter time), April
    (summer time) cancelled, May moved from Tuesday 19:00 to Thursday 18:00."""
    return series_factory(
        overrides=STAMMTISCH_OVERRIDES,
        registration="email",
        registration_email="ikoko@example.org",
        online_url="https://meet.example.org/stammtisch",
        accessibility="Bitte melden Sie Unterstützungsbedarf vorher an.",
    )


@pytest.fixture
def english(event_index, stammtisch, series_factory):
    """The index and the Stammtisch in English, with the March note translated; a training
    series that has no translation."""
    training = series_factory(
        "Schulung für Neue", rule="RRULE:FREQ=MONTHLY;BYDAY=+2WE", first_date=dt.date(2027, 1, 13)
    )
    index = translate(event_index, "en", title="Events")
    series = translate(
        stammtisch,
        "en",
        title="Volunteers' get-together",
        summary="Meet other volunteers.",
        notes={dt.date(2027, 3, 2): "Talk: recognition of qualifications"},
    )
    return {"index": index, "series": series, "training": training}
