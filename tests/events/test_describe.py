"""wagtail_integration/events/describe.py: a series' schedule as a sentence."""

import pytest
from django.utils import translation

from tests import factories
from wagtail_integration.events.describe import describe_schedule

pytestmark = pytest.mark.django_db  # a page instance looks up its default locale


def series(rule, **fields):
    return factories.series(title="Stammtisch", rule=rule, save=False, **fields)


@pytest.mark.parametrize(
    ("rule", "english"),
    [
        ("RRULE:FREQ=MONTHLY;BYDAY=+1TU", "every first Tuesday of the month, 7 p.m.–9 p.m."),
        ("RRULE:FREQ=MONTHLY;BYDAY=-1FR", "every last Friday of the month, 7 p.m.–9 p.m."),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "every second Wednesday, 7 p.m.–9 p.m."),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday, 7 p.m.–9 p.m."),
        ("RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6", "every Wednesday, 6 times, 7 p.m.–9 p.m."),
        ("RRULE:FREQ=DAILY", "every day, 7 p.m.–9 p.m."),
        ("RRULE:FREQ=MONTHLY;BYMONTHDAY=15", "on day 15 of every month, 7 p.m.–9 p.m."),
    ],
)
def test_common_rules_read_as_a_sentence_in_english(rule, english):
    with translation.override("en"):
        assert describe_schedule(series(rule)) == english


def test_until_is_the_editors_local_date_not_the_utc_day_before():
    # django-recurrence stores an end date of 31 Dec as UTC midnight of that local day: 23:00Z.
    text = "RRULE:FREQ=MONTHLY;BYDAY=+1TU;UNTIL=20261230T230000Z"
    with translation.override("en"):
        assert "until Dec. 31, 2026" in describe_schedule(series(text))


def test_a_single_event_reads_as_its_date_and_an_all_day_event_as_all_day():
    with translation.override("en"):
        assert describe_schedule(series(None)) == "Jan. 6, 2026, 7 p.m.–9 p.m."
        assert describe_schedule(series(None, all_day=True, start_time=None)).endswith("all day")
