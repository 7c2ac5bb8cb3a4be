"""wagtail_integration/events/occurrences.py: the materialised occurrence table."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import recurrence
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests import factories
from wagtail_integration.events.models import (
    Occurrence,
    OccurrenceOverride,
    OccurrenceStatus,
    OverrideAction,
)
from wagtail_integration.events.occurrences import rebuild_series, refresh_all

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
NOW = dt.datetime(2026, 1, 1, tzinfo=UTC)
YEAR_2026 = (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC))

pytestmark = pytest.mark.django_db


def local_starts(series):
    return [
        o.start.astimezone(BERLIN).replace(tzinfo=None)
        for o in Occurrence.objects.filter(series=series).order_by("start")
    ]


def test_publishing_a_series_materialises_its_occurrences_at_local_19_00(
    make_series, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        series = make_series()
    starts = local_starts(series)
    assert starts[0] == dt.datetime(2026, 1, 6, 19, 0)
    assert all(s.hour == 19 and s.weekday() == 1 and s.day <= 7 for s in starts)
    # The default horizon is 24 months ahead of today.
    assert len(starts) >= 20


def test_occurrences_are_one_row_each_and_rebuilding_twice_changes_nothing(make_series):
    series = make_series()
    first = rebuild_series(series.pk, YEAR_2026)
    rows = list(Occurrence.objects.values_list("start", "end", "status"))
    assert first == 12
    assert rebuild_series(series.pk, YEAR_2026) == 12
    assert list(Occurrence.objects.values_list("start", "end", "status")) == rows


def test_a_rebuild_keeps_the_row_and_id_of_every_date_the_rule_still_gives(make_series):
    series = make_series()
    rebuild_series(series.pk, YEAR_2026)
    ids = {o.start.astimezone(BERLIN).month: o.pk for o in Occurrence.objects.all()}

    # March cancelled, the start an hour later, the rule ends after September.
    series.overrides.add(OccurrenceOverride(date=dt.date(2026, 3, 3), action="cancel"))
    series.start_time, series.end_time = dt.time(20, 0), dt.time(22, 0)
    series.recurrence = recurrence.deserialize("RRULE:FREQ=MONTHLY;BYDAY=+1TU;UNTIL=20260930")
    series.save_revision().publish()
    assert rebuild_series(series.pk, YEAR_2026) == 9

    rows = {o.pk: o for o in Occurrence.objects.all()}
    by_month = {o.start.astimezone(BERLIN).month: o for o in rows.values()}
    assert sorted(by_month) == list(range(1, 10))  # October to December gone
    assert {month: o.pk for month, o in by_month.items()} == {m: ids[m] for m in range(1, 10)}
    assert all(o.start.astimezone(BERLIN).hour == 20 for o in rows.values())
    assert by_month[3].status == OccurrenceStatus.CANCELLED


def test_a_rebuild_of_an_unchanged_series_writes_nothing(make_series):
    series = make_series()
    rebuild_series(series.pk, YEAR_2026)

    with CaptureQueriesContext(connection) as queries:
        rebuild_series(series.pk, YEAR_2026)

    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_overrides_cancel_move_and_annotate_single_evenings(make_series):
    series = make_series(
        overrides=[
            {"date": dt.date(2026, 2, 3), "action": OverrideAction.NOTE, "note": "Vortrag: BAMF"},
            {"date": dt.date(2026, 3, 3), "action": OverrideAction.CANCEL, "note": "Ferien"},
            {
                "date": dt.date(2026, 4, 7),
                "action": OverrideAction.MOVE,
                "new_date": dt.date(2026, 4, 9),
                "new_start_time": dt.time(18, 30),
            },
        ]
    )
    rebuild_series(series.pk, YEAR_2026)
    by_month = {o.original_start.month: o for o in Occurrence.objects.filter(series=series)}
    assert by_month[2].status == OccurrenceStatus.SCHEDULED
    assert by_month[2].override.note == "Vortrag: BAMF"
    assert by_month[3].status == OccurrenceStatus.CANCELLED
    moved = by_month[4]
    assert moved.status == OccurrenceStatus.MOVED
    assert moved.start.astimezone(BERLIN).replace(tzinfo=None) == dt.datetime(2026, 4, 9, 18, 30)
    assert moved.end - moved.start == dt.timedelta(hours=2)
    assert moved.original_start.astimezone(BERLIN).day == 7


def test_unpublishing_removes_the_occurrences(make_series, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        series = make_series()
    assert Occurrence.objects.filter(series=series).exists()
    with django_capture_on_commit_callbacks(execute=True):
        series.unpublish()
    assert not Occurrence.objects.filter(series=series).exists()


def test_deleting_a_series_deletes_its_occurrences(make_series):
    series = make_series()
    rebuild_series(series.pk, YEAR_2026)
    series.delete()
    assert not Occurrence.objects.exists()


def test_a_translation_shares_the_occurrences_of_its_source(make_series):
    from wagtail.models import Locale

    series = make_series()
    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    english = series.copy_for_translation(english_locale, copy_parents=True)
    english.save_revision().publish()
    rebuild_series(english.pk, YEAR_2026)  # rebuilding from the translation uses the source
    assert Occurrence.objects.filter(series=series).count() == 12
    assert not Occurrence.objects.filter(series=english).exists()
    assert set(Occurrence.objects.values_list("series_key", flat=True)) == {series.translation_key}


def test_a_single_event_has_one_occurrence(make_series):
    series = make_series(title="Vortrag", rule=None, first_date=dt.date(2026, 5, 12))
    assert rebuild_series(series.pk, YEAR_2026) == 1


def test_the_horizon_setting_bounds_the_rows(make_series):
    series = make_series()
    with override_settings(
        WAGTAIL_INTEGRATION={"OCCURRENCE_HORIZON_MONTHS": 3, "OCCURRENCE_HISTORY_MONTHS": 0}
    ):
        from wagtail_integration.events import occurrences

        count = rebuild_series(series.pk, occurrences.window(NOW))
    assert count == 3  # January, February, March 2026


def test_refresh_occurrences_command_rebuilds_every_series_with_progress(make_series):
    make_series(title="A")
    make_series(title="B", rule="RRULE:FREQ=WEEKLY;BYDAY=WE")
    Occurrence.objects.all().delete()
    out = StringIO()
    call_command("refresh_occurrences", stdout=out)
    assert "[2/2] series" in out.getvalue()
    assert Occurrence.objects.values("series").distinct().count() == 2
    assert refresh_all() == Occurrence.objects.count()


def test_rule_dates_are_the_local_days_of_the_rule_not_the_utc_ones():
    from wagtail_integration.events.occurrences import rule_dates

    # 21:00 in New York is 02:00 UTC on the next day.
    series = factories.series(
        rule="RRULE:FREQ=WEEKLY;BYDAY=TU",
        save=False,
        first_date=dt.date(2026, 3, 3),
        start_time=dt.time(21),
        end_time=None,
        time_zone="America/New_York",
    )
    assert rule_dates(series, dt.date(2026, 3, 1), dt.date(2026, 3, 17)) == [
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 10),  # the Tuesday after New York's change to summer time
        dt.date(2026, 3, 17),
    ]
    assert rule_dates(series, dt.date(2026, 3, 4), dt.date(2026, 3, 9)) == []
    assert rule_dates(series, dt.date(2026, 2, 1), dt.date(2026, 3, 2)) == []  # before the first
    assert rule_dates(series, dt.date.max, dt.date.max) == []  # no overflow at the end of time


def test_the_migration_hides_the_stored_dates_of_unpublished_and_private_series(make_series):
    import importlib

    from django.apps import apps
    from wagtail.models import PageViewRestriction

    from wagtail_integration.events.models import EventSeriesPage

    migration = importlib.import_module(
        "wagtail_integration.events.migrations.0002_occurrence_visible"
    )
    shown, unpublished, private = make_series("A"), make_series("B"), make_series("C")
    for series in (shown, unpublished, private):
        rebuild_series(series.pk, YEAR_2026)
    EventSeriesPage.objects.filter(pk=unpublished.pk).update(live=False)  # its job not yet run
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    Occurrence.objects.update(visible=True)  # as the new column starts

    migration.hide_dates_not_to_show(apps, None)

    visible = dict(Occurrence.objects.values_list("series", "visible").distinct())
    assert visible == {shown.pk: True, unpublished.pk: False, private.pk: False}
