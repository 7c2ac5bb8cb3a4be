"""What the events tests share: the frozen clock's time, dates as the templates write them,
translating a series, the series editor's POST data. Not a test module: test modules import it."""

import datetime as dt

from django.utils import translation

from tests import factories
from wagtail_integration.events.models import OverrideAction

#: The frozen clock of the page and block tests (fixture frozen_now), mid-February 2027.
NOW = dt.datetime(2027, 2, 15, 11, 0, tzinfo=dt.UTC)
#: The window whose occurrences the tests materialise.
BOUNDS = (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 1, 1, tzinfo=dt.UTC))
SCRIPT = "<script>alert(1)</script>"


def shown(weekday=None, date=None, time=None, language="de"):
    """A date as the templates write it: the order and punctuation are the translators'."""
    parts = {"weekday": weekday, "date": date, "time": time}
    message = ", ".join(f"%({name})s" for name, value in parts.items() if value is not None)
    with translation.override(language):
        return translation.pgettext("event date", message) % parts


STAMMTISCH_OVERRIDES = [
    {"date": dt.date(2027, 3, 2), "action": OverrideAction.NOTE, "note": "Vortrag: Anerkennung"},
    {"date": dt.date(2027, 4, 6), "action": OverrideAction.CANCEL, "note": "Osterferien"},
    {
        "date": dt.date(2027, 5, 4),
        "action": OverrideAction.MOVE,
        "new_date": dt.date(2027, 5, 6),
        "new_start_time": dt.time(18, 0),
    },
]


def translate(page, language, *, notes=None, **fields):
    """Publish a translation of ``page``; ``notes`` maps override dates to translated notes."""
    translation_ = factories.translate_page(page, language, publish=False, **fields)
    for override in translation_.overrides.all() if notes else ():
        if override.date in notes:
            override.note = notes[override.date]
            override.save()
    translation_.save_revision().publish()
    translation_.refresh_from_db()
    return translation_


def series_data(overrides=(), **fields):
    """The POST data of the series editor: a monthly Stammtisch and the ``overrides`` inline."""
    data = {
        "title": "Ehrenamtsstammtisch",
        "slug": "stammtisch",
        "summary": "Austausch für Ehrenamtliche.",
        "first_date": "2026-01-06",
        "start_time": "19:00",
        "end_time": "21:00",
        "time_zone": "Europe/Berlin",
        "recurrence": "RRULE:FREQ=MONTHLY;BYDAY=+1TU",
        "registration": "none",
        **fields,
    }
    for name, rows in (("overrides", overrides), ("topic_links", ()), ("spoken_languages", ())):
        data.update(
            {
                f"{name}-TOTAL_FORMS": str(len(rows)),
                f"{name}-INITIAL_FORMS": "0",
                f"{name}-MIN_NUM_FORMS": "0",
                f"{name}-MAX_NUM_FORMS": "1000",
            }
        )
    for n, row in enumerate(overrides):
        values = {"action": "note", "note": "", "id": "", "DELETE": "", "ORDER": str(n + 1), **row}
        data.update({f"overrides-{n}-{key}": value for key, value in values.items()})
    return data
