"""Event indexes and event series: the one way the suite builds a series."""

import datetime as dt

import recurrence
from wagtail.models import Locale

from tests.factories.core import _numbers, site_root

STAMMTISCH_RULE = "RRULE:FREQ=MONTHLY;BYDAY=+1TU"


def event_index(parent=None, title="Veranstaltungen", slug=None):
    """A published EventIndexPage under ``parent`` (the default site's root)."""
    from wagtail_integration.events.models import EventIndexPage

    parent = parent or site_root()
    index = EventIndexPage(title=title, slug=slug or f"veranstaltungen-{next(_numbers)}")
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def series(
    index=None,
    title="Ehrenamtsstammtisch",
    rule=STAMMTISCH_RULE,
    *,
    overrides=(),
    languages=None,
    topics=None,
    materialise=None,
    save=True,
    **fields,
):
    """A German series, first Tuesday of the month 19:00–21:00 from 6 January 2026 unless
    ``fields`` say otherwise, published below ``index``.

    ``rule`` is RFC 5545 text as django-recurrence stores it (None: a single event);
    ``overrides`` a list of dicts of OccurrenceOverride fields; ``languages`` codes spoken and
    ``topics`` Topic objects, if given. ``materialise`` writes the occurrences: True for the
    default horizon, or ``(start, end)``. With ``save=False`` the page is only built, not saved
    (and takes Wagtail's default locale), for tests of plain methods.
    """
    from wagtail_integration.events.models import (
        EventSeriesPage,
        OccurrenceOverride,
        SeriesLanguage,
        SeriesTopic,
    )

    defaults = {
        "first_date": dt.date(2026, 1, 6),
        "start_time": dt.time(19, 0),
        "end_time": dt.time(21, 0),
        "summary": "Austausch und Vernetzung für Ehrenamtliche.",
    }
    if save:
        defaults["locale"] = Locale.get_default()
    page = EventSeriesPage(
        title=title,
        recurrence=recurrence.deserialize(rule) if rule else None,
        **{**defaults, **fields},
    )
    if overrides:
        page.overrides = [OccurrenceOverride(**override) for override in overrides]
    if languages is not None:
        page.spoken_languages = [SeriesLanguage(code=code) for code in languages]
    if topics is not None:
        page.topic_links = [SeriesTopic(topic=topic) for topic in topics]
    if not save:
        return page
    index.add_child(instance=page)
    page.save_revision().publish()
    if materialise:
        from wagtail_integration.events.occurrences import rebuild_series

        if materialise is True:
            rebuild_series(page.pk)
        else:
            rebuild_series(page.pk, materialise)
    return page
