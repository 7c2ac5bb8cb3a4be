"""wagtail_integration/events/ical.py: the feeds, checked by an independent RFC 5545 expander."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import translation
from django.utils.translation import gettext

from tests.events.support import translate
from wagtail_integration.events.models import Occurrence, OccurrenceStatus, OverrideAction
from wagtail_integration.events.occurrences import rebuild_series

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
YEARS = (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2028, 1, 1, tzinfo=UTC))

pytestmark = pytest.mark.django_db


@pytest.fixture
def stammtisch(make_series):
    series = make_series(
        overrides=[
            {"date": dt.date(2026, 2, 3), "action": OverrideAction.NOTE, "note": "Vortrag: BAMF"},
            {"date": dt.date(2026, 3, 3), "action": OverrideAction.CANCEL},
            {
                "date": dt.date(2026, 11, 3),
                "action": OverrideAction.MOVE,
                "new_date": dt.date(2026, 11, 5),
                "new_start_time": dt.time(18, 0),
            },
        ],
    )
    rebuild_series(series.pk, YEARS)
    return series


def expanded(calendar_bytes, start=YEARS[0], end=YEARS[1]):
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    events = recurring_ical_events.of(calendar).between(start, end)
    return sorted((e.decoded("dtstart").astimezone(UTC), e) for e in events)


def test_the_series_feed_is_rfc5545_with_the_right_content_type(client, stammtisch):
    response = client.get(stammtisch.url + "ical/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Berlin"
    master = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    assert master["RRULE"]["FREQ"] == ["MONTHLY"]
    assert master.decoded("dtstart") == dt.datetime(2026, 1, 6, 19, 0, tzinfo=BERLIN)


def test_an_independent_expander_agrees_with_our_occurrences_across_clock_changes(
    client, stammtisch
):
    feed = expanded(client.get(stammtisch.url + "ical/").content)
    ours = [
        o.start
        for o in Occurrence.objects.filter(series=stammtisch).order_by("start")
        if o.status != OccurrenceStatus.CANCELLED
    ]
    assert [start for start, _event in feed] == ours
    # Every evening is at 19:00 Berlin time, in summer and in winter, except the moved one.
    local = [start.astimezone(BERLIN) for start, _event in feed]
    assert {(t.hour, t.minute) for t in local if t.date() != dt.date(2026, 11, 5)} == {(19, 0)}


def test_a_cancelled_evening_is_an_exdate_and_a_moved_one_a_recurrence_id(client, stammtisch):
    calendar = icalendar.Calendar.from_ical(client.get(stammtisch.url + "ical/").content)
    events = calendar.walk("VEVENT")
    master = next(e for e in events if "RRULE" in e)
    exdates = [d.dt for d in master["EXDATE"].dts]
    assert dt.datetime(2026, 3, 3, 19, tzinfo=BERLIN) in exdates
    overrides = {e.decoded("recurrence-id"): e for e in events if "RECURRENCE-ID" in e}
    moved = overrides[dt.datetime(2026, 11, 3, 19, tzinfo=BERLIN)]
    assert moved.decoded("dtstart") == dt.datetime(2026, 11, 5, 18, tzinfo=BERLIN)
    noted = overrides[dt.datetime(2026, 2, 3, 19, tzinfo=BERLIN)]
    assert "Vortrag: BAMF" in str(noted["SUMMARY"])
    assert {str(e["UID"]) for e in events} == {f"{stammtisch.translation_key}@wagtail-integration"}


def test_the_index_feed_holds_every_live_series(client, event_index, make_series, stammtisch):
    weekly = make_series(title="Sprachcafé", rule="RRULE:FREQ=WEEKLY;BYDAY=WE")
    draft = make_series(title="Entwurf")
    draft.unpublish()
    rebuild_series(weekly.pk, YEARS)
    calendar = icalendar.Calendar.from_ical(client.get(event_index.url + "ical/").content)
    titles = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT") if "RRULE" in e}
    assert titles == {"Ehrenamtsstammtisch", "Sprachcafé"}


def test_the_index_feed_takes_a_constant_number_of_queries(
    client, event_index, make_series, django_assert_max_num_queries, answers_not_cached
):
    for number in range(3):
        make_series(title=f"Reihe {number}")
    client.get(event_index.url + "ical/")  # warm the per-process caches (the site's root paths)
    with django_assert_max_num_queries(12) as few:
        client.get(event_index.url + "ical/")
    for number in range(3, 12):
        make_series(title=f"Reihe {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(event_index.url + "ical/")


def test_publishing_again_bumps_the_sequence(client, stammtisch):
    def master_sequence():
        calendar = icalendar.Calendar.from_ical(client.get(stammtisch.url + "ical/").content)
        return next(e for e in calendar.walk("VEVENT") if "RRULE" in e).decoded("sequence")

    before = master_sequence()
    stammtisch.refresh_from_db()
    stammtisch.last_published_at += dt.timedelta(hours=1)
    stammtisch.save(update_fields=["last_published_at"])
    assert master_sequence() == before + 60


def test_a_series_with_an_end_date_has_until_in_utc_and_ends_on_that_local_day(client, make_series):
    # UNTIL as django-recurrence stores an editor's end date of 3 March: UTC midnight before.
    series = make_series(rule="RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260302T230000Z")
    rebuild_series(series.pk, YEARS)
    response = client.get(series.url + "ical/")
    assert response.status_code == 200
    master = next(
        e for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT") if "RRULE" in e
    )
    (until,) = master["RRULE"]["UNTIL"]
    assert until == dt.datetime(2026, 3, 3, 22, 59, 59, tzinfo=UTC)
    feed = [start.astimezone(BERLIN).date() for start, _e in expanded(response.content)]
    assert feed[-1] == dt.date(2026, 3, 3)
    assert len(feed) == Occurrence.objects.filter(series=series).count() == 9


def cancelled_instances(content):
    calendar = icalendar.Calendar.from_ical(content)
    return {
        e.decoded("recurrence-id"): e
        for e in calendar.walk("VEVENT")
        if "RECURRENCE-ID" in e and e.get("STATUS") == "CANCELLED"
    }


def test_a_cancelled_evening_is_its_own_cancelled_instance_with_the_reason(client, make_series):
    series = make_series(
        overrides=[{"date": dt.date(2026, 4, 7), "action": "cancel", "note": "Osterferien"}]
    )
    rebuild_series(series.pk, YEARS)
    content = client.get(series.url + "ical/").content

    evening = dt.datetime(2026, 4, 7, 19, tzinfo=BERLIN)
    (cancelled,) = cancelled_instances(content).values()
    assert cancelled.decoded("recurrence-id") == evening
    assert cancelled.decoded("dtstart") == evening
    assert cancelled.decoded("dtend") == evening + dt.timedelta(hours=2)
    assert str(cancelled["UID"]) == f"{series.translation_key}@wagtail-integration"
    with translation.override("de"):  # the feed speaks the page's language
        summary = gettext("Cancelled: %(title)s (%(reason)s)") % {
            "title": "Ehrenamtsstammtisch",
            "reason": "Osterferien",
        }
        told = gettext("This date is cancelled.")
    assert str(cancelled["SUMMARY"]) == summary
    assert str(cancelled["DESCRIPTION"]).startswith(f"{told}\n\nOsterferien\n\n")
    # Beside it, the EXDATE for apps that know no cancelled instances: an expander leaves the
    # evening out either way.
    master = next(e for e in icalendar.Calendar.from_ical(content).walk("VEVENT") if "RRULE" in e)
    assert evening in [d.dt for d in master["EXDATE"].dts]
    days = [start.astimezone(BERLIN).date() for start, _event in expanded(content)]
    assert dt.date(2026, 4, 7) not in days
    assert dt.date(2026, 5, 5) in days


def test_a_cancellation_without_a_reason_says_only_that_it_is_cancelled(client, stammtisch):
    (cancelled,) = cancelled_instances(client.get(stammtisch.url + "ical/").content).values()
    with translation.override("de"):
        summary = gettext("Cancelled: %(title)s") % {"title": "Ehrenamtsstammtisch"}
    assert str(cancelled["SUMMARY"]) == summary
    assert cancelled.decoded("recurrence-id") == dt.datetime(2026, 3, 3, 19, tzinfo=BERLIN)


def test_the_reason_of_a_cancellation_is_in_the_feeds_language(client, event_index, make_series):
    series = make_series(
        overrides=[{"date": dt.date(2026, 4, 7), "action": "cancel", "note": "Osterferien"}]
    )
    rebuild_series(series.pk, YEARS)
    translate(event_index, "en", title="Events")
    english = translate(series, "en", title="Get-together", notes={dt.date(2026, 4, 7): "Easter"})
    (cancelled,) = cancelled_instances(client.get(english.url + "ical/").content).values()
    with translation.override("en"):
        summary = gettext("Cancelled: %(title)s (%(reason)s)") % {
            "title": "Get-together",
            "reason": "Easter",
        }
    assert str(cancelled["SUMMARY"]) == summary
    assert "Easter" in str(cancelled["DESCRIPTION"])


def test_an_all_day_series_names_its_changed_days_by_date(client, make_series):
    series = make_series(
        all_day=True,
        start_time=None,
        end_time=None,
        overrides=[
            {"date": dt.date(2026, 4, 7), "action": "cancel", "note": "Osterferien"},
            {"date": dt.date(2026, 5, 5), "note": "Sommerfest"},
        ],
    )
    rebuild_series(series.pk, YEARS)
    content = client.get(series.url + "ical/").content
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    master = next(e for e in events if "RRULE" in e)
    assert master.decoded("dtstart") == dt.date(2026, 1, 6)
    # RFC 5545: RECURRENCE-ID and EXDATE have the value type of DTSTART, a date.
    assert [d.dt for d in master["EXDATE"].dts] == [dt.date(2026, 4, 7)]
    changed = {e.decoded("recurrence-id"): e for e in events if "RECURRENCE-ID" in e}
    assert set(changed) == {dt.date(2026, 4, 7), dt.date(2026, 5, 5)}
    assert changed[dt.date(2026, 4, 7)]["STATUS"] == "CANCELLED"
    assert changed[dt.date(2026, 5, 5)].decoded("dtstart") == dt.date(2026, 5, 5)
    feed = recurring_ical_events.of(icalendar.Calendar.from_ical(content)).between(
        dt.date(2026, 1, 1), dt.date(2027, 1, 1)
    )
    days = sorted(event.decoded("dtstart") for event in feed)
    assert len(days) == 11  # twelve first Tuesdays of 2026, the April one cancelled
    assert dt.date(2026, 4, 7) not in days
