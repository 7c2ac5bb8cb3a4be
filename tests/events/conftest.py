"""Fixtures of the events tests: an event index below the site root and a way to add series."""

import datetime as dt

import pytest
import recurrence
from wagtail.models import Locale, Site

from wagtail_integration.events.models import EventIndexPage, EventSeriesPage, OccurrenceOverride


@pytest.fixture
def event_index(db):
    """A published German event index below the default site's root page."""
    root = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    root.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_series(event_index):
    """Create and publish a German series below ``event_index``.

    ``rule`` is RFC 5545 text as django-recurrence stores it; ``overrides`` a list of dicts.
    """

    def make(title="Ehrenamtsstammtisch", rule="RRULE:FREQ=MONTHLY;BYDAY=+1TU", overrides=(), **f):
        fields = {
            "first_date": dt.date(2026, 1, 6),
            "start_time": dt.time(19, 0),
            "end_time": dt.time(21, 0),
            "summary": "Austausch und Vernetzung für Ehrenamtliche.",
            **f,
        }
        series = EventSeriesPage(
            title=title,
            recurrence=recurrence.deserialize(rule) if rule else None,
            locale=Locale.get_default(),
            **fields,
        )
        series.overrides = [OccurrenceOverride(**override) for override in overrides]
        event_index.add_child(instance=series)
        series.save_revision().publish()
        return series

    return make
