"""wagtail_integration/events/recurrence.py: wall-clock expansion, plain Python."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule

from wagtail_integration.events.recurrence import expand, localize, naive_until

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def window(year):
    return {
        "window_start": dt.datetime(year, 1, 1, tzinfo=UTC),
        "window_end": dt.datetime(year + 1, 1, 1, tzinfo=UTC),
    }


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_first_tuesday_at_19_stays_at_19_local_across_both_clock_changes(year):
    spans = expand(
        first_start=dt.datetime(2025, 1, 7, 19, 0),
        duration=dt.timedelta(hours=2),
        zone=BERLIN,
        rules=["FREQ=MONTHLY;BYDAY=+1TU"],
        **window(year),
    )
    assert len(spans) == 12
    for span in spans:
        local = span.start.astimezone(BERLIN)
        assert (local.hour, local.minute) == (19, 0)
        assert local.weekday() == 1 and local.day <= 7
        assert span.end - span.start == dt.timedelta(hours=2)
    # Winter months are UTC+1, summer months UTC+2: the UTC hour moves, the local hour not.
    utc_hours = {span.local_start.month: span.start.hour for span in spans}
    assert utc_hours[1] == 18 and utc_hours[7] == 17 and utc_hours[12] == 18


@pytest.mark.parametrize(
    ("change_day", "before", "after"),
    [(dt.date(2026, 3, 29), 18, 17), (dt.date(2026, 10, 25), 17, 18)],
)
def test_a_weekly_event_keeps_its_local_time_on_the_sunday_of_the_change(change_day, before, after):
    spans = expand(
        first_start=dt.datetime.combine(change_day - dt.timedelta(days=7), dt.time(19)),
        duration=dt.timedelta(hours=1),
        zone=BERLIN,
        rules=["FREQ=WEEKLY;COUNT=2"],
        **window(2026),
    )
    assert [s.start.hour for s in spans] == [before, after]
    assert [s.start.astimezone(BERLIN).hour for s in spans] == [19, 19]


def test_a_nonexistent_local_time_moves_forward_by_the_gap():
    # 2026-03-29 02:30 does not exist in Berlin: clocks jump from 02:00 to 03:00.
    aware = localize(dt.datetime(2026, 3, 29, 2, 30), BERLIN)
    assert aware.astimezone(BERLIN).replace(tzinfo=None) == dt.datetime(2026, 3, 29, 3, 30)
    assert aware.utcoffset() == dt.timedelta(hours=2)


def test_an_ambiguous_local_time_is_the_first_of_the_two_in_summer_time():
    # 2026-10-25 02:30 happens twice in Berlin; the first is still summer time (UTC+2).
    aware = localize(dt.datetime(2026, 10, 25, 2, 30), BERLIN)
    assert aware.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_empty_rule_is_a_single_event_inside_or_outside_the_window():
    kwargs = {"duration": dt.timedelta(hours=3), "zone": "Europe/Berlin"}
    single = expand(first_start=dt.datetime(2026, 6, 1, 18), **kwargs, **window(2026))
    assert [s.start for s in single] == [dt.datetime(2026, 6, 1, 16, tzinfo=UTC)]
    assert expand(first_start=dt.datetime(2026, 6, 1, 18), **kwargs, **window(2027)) == []


def test_count_and_until_end_the_series_and_until_includes_its_whole_local_day():
    base = {"duration": dt.timedelta(hours=1), "zone": BERLIN, **window(2026)}
    first = dt.datetime(2026, 1, 6, 19)
    assert len(expand(first_start=first, rules=["FREQ=WEEKLY;COUNT=3"], **base)) == 3
    # UNTIL as django-recurrence stores an editor's end date: UTC midnight of the day before.
    until = naive_until(dt.datetime(2026, 1, 19, 23, 0, tzinfo=UTC), BERLIN)
    assert until == dt.datetime(2026, 1, 20, 23, 59, 59, 999999)
    rule = rrule.rrule(rrule.WEEKLY, dtstart=first, until=until)
    assert [s.local_start.day for s in expand(first_start=first, rules=[rule], **base)] == [
        6,
        13,
        20,
    ]


def test_excluded_dates_are_left_out():
    spans = expand(
        first_start=dt.datetime(2026, 1, 6, 19),
        duration=dt.timedelta(hours=2),
        zone=BERLIN,
        rules=["FREQ=WEEKLY;COUNT=3"],
        exdates=[dt.datetime(2026, 1, 13, 19)],
        **window(2026),
    )
    assert [s.local_start.day for s in spans] == [6, 20]


def test_an_event_ending_after_the_change_to_winter_time_lasts_its_duration_in_local_time():
    # 01:00-04:00 local on the night of the October change: three hours on the wall, four real.
    (span,) = expand(
        first_start=dt.datetime(2026, 10, 25, 1, 0),
        duration=dt.timedelta(hours=3),
        zone=BERLIN,
        **window(2026),
    )
    assert span.end.astimezone(BERLIN).hour == 4
    assert span.end - span.start == dt.timedelta(hours=4)


def test_only_occurrences_starting_inside_the_window_are_returned():
    spans = expand(
        first_start=dt.datetime(2026, 1, 1, 23, 30),
        duration=dt.timedelta(hours=1),
        zone=BERLIN,
        rules=["FREQ=DAILY;COUNT=5"],
        window_start=dt.datetime(2026, 1, 2, 22, 30, tzinfo=UTC),
        window_end=dt.datetime(2026, 1, 3, 22, 30, tzinfo=UTC),
    )
    assert [s.local_start.day for s in spans] == [2]
