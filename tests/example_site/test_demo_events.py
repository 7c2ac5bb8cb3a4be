"""The event series of the demo data: fixtures/05_events.json, the Stammtisch's translations and
the dates load_demo_data materialises."""

import datetime as dt
import types
import zoneinfo
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from example_site.home.models import HomePage
from wagtail_integration.directory.models import Organisation, Venue
from wagtail_integration.events import occurrences as occurrences_module
from wagtail_integration.events.models import (
    EventCategory,
    EventIndexPage,
    EventSeriesPage,
    Occurrence,
    OccurrenceStatus,
)

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
#: The demo's dates are written as seen on this day; the materialised window is pinned to it so
#: that the tests do not depend on the day they run.
DEMO_TODAY = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
OCCURRENCES_URL = "/api/integration/v1/occurrences?start=2026-12-01&end=2027-06-01&locale=en"
ENGLISH_TITLE = "Volunteers' get-together (Stammtisch)"


@pytest.fixture(scope="module")
def demo_load_patches():
    """The demo's dates are materialised for the window of ``DEMO_TODAY``: its clock is frozen
    while the module's demo data is loaded and used (tests/conftest.py's ``demo_data``)."""
    clock = types.SimpleNamespace(now=lambda: DEMO_TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(occurrences_module, "timezone", clock)
        yield


def german(model, **lookup):
    return model.objects.get(locale__language_code="de", **lookup)


def local_starts(series, status=None):
    rows = Occurrence.objects.filter(series=series).order_by("original_start")
    if status:
        rows = rows.filter(status=status)
    return [occurrence.start.astimezone(BERLIN) for occurrence in rows]


def test_the_demo_has_event_categories_sample_venues_and_an_event_index_in_the_menu(demo):
    categories = EventCategory.objects.filter(locale__language_code="de")
    assert dict(categories.values_list("slug", "name")) == {
        "stammtisch": "Stammtisch",
        "schulung": "Schulung",
        "vortrag": "Vortrag",
        "workshop": "Workshop",
        "sprechstunde": "Sprechstunde",
        "feier": "Feier",
    }
    venues = Venue.objects.filter(locale__language_code="de")
    assert venues.count() >= 3
    assert all(venue.name.endswith("(Beispiel)") for venue in venues)
    index = german(EventIndexPage)
    assert index.title == "Veranstaltungen" and index.live and index.show_in_menus
    assert index.get_parent().specific == german(HomePage)
    assert EventSeriesPage.objects.child_of(index).live().count() == 4


def test_the_stammtisch_meets_on_the_first_tuesday_at_seven_pm_berlin_time(demo):
    stammtisch = german(EventSeriesPage, slug="stammtisch-ehrenamt")
    assert stammtisch.category.slug == "stammtisch"
    assert stammtisch.organiser == german(Organisation, name__startswith="IKOKO")
    assert stammtisch.time_zone == "Europe/Berlin"
    assert [link.topic.slug for link in stammtisch.topic_links.all()] == ["ehrenamt"]
    assert "de" in [language.code for language in stammtisch.spoken_languages.all()]

    scheduled = local_starts(stammtisch, OccurrenceStatus.SCHEDULED)
    assert len(scheduled) >= 12
    for start in scheduled:
        assert (start.weekday(), start.day <= 7, start.time()) == (1, True, dt.time(19))
        assert start.tzname() in {"CET", "CEST"}

    notes = {
        occurrence.start.astimezone(BERLIN).date(): occurrence.override.note
        for occurrence in Occurrence.objects.filter(series=stammtisch, override__action="note")
    }
    assert sorted(notes) == [dt.date(2026, 12, 1), dt.date(2027, 1, 5), dt.date(2027, 2, 2)]
    assert all(note.startswith("Informationsinput: ") for note in notes.values())


def test_one_stammtisch_evening_is_cancelled_and_one_moved(demo):
    stammtisch = german(EventSeriesPage, slug="stammtisch-ehrenamt")
    cancelled = Occurrence.objects.get(series=stammtisch, status=OccurrenceStatus.CANCELLED)
    assert cancelled.start.astimezone(BERLIN) == dt.datetime(2027, 3, 2, 19, tzinfo=BERLIN)
    moved = Occurrence.objects.get(series=stammtisch, status=OccurrenceStatus.MOVED)
    assert moved.original_start.astimezone(BERLIN).date() == dt.date(2027, 4, 6)
    assert moved.start.astimezone(BERLIN) == dt.datetime(2027, 4, 8, 18, 30, tzinfo=BERLIN)
    assert moved.end.astimezone(BERLIN) == dt.datetime(2027, 4, 8, 20, 30, tzinfo=BERLIN)
    assert moved.venue != stammtisch.venue


def test_the_language_cafe_the_training_and_the_talk(demo):
    cafe = local_starts(german(EventSeriesPage, slug="sprachcafe"))
    assert len(cafe) > 50
    assert {(start.weekday(), start.time()) for start in cafe} == {(2, dt.time(16))}
    # Every week, in wall-clock time (the same zone on both sides: no summer-time hour).
    assert {b - a for a, b in zip(cafe, cafe[1:], strict=False)} == {dt.timedelta(days=7)}

    training = german(EventSeriesPage, slug="schulung-neu-im-ehrenamt")
    assert training.category.slug == "schulung"
    starts = local_starts(training)
    # Every other Thursday from 1 October 2026, for the whole window of the demo's today.
    assert starts[0].date() == dt.date(2026, 10, 1) and len(starts) > 40
    assert {b.date() - a.date() for a, b in zip(starts, starts[1:], strict=False)} == {
        dt.timedelta(weeks=2)
    }
    assert {start.time() for start in starts} == {dt.time(17, 30)}
    assert (training.registration, training.registration_seats) == ("form", 12)

    talk = german(EventSeriesPage, slug="vortrag-anerkennung")
    assert talk.category.slug == "vortrag" and not talk.recurrence
    assert local_starts(talk) == [dt.datetime(2027, 2, 18, 18, tzinfo=BERLIN)]


def test_the_stammtisch_and_the_event_index_are_translated_into_english_and_arabic(demo, client):
    stammtisch = german(EventSeriesPage, slug="stammtisch-ehrenamt")
    german_notes = [override.note for override in stammtisch.overrides.all()]
    for language, title, note in [
        ("en", ENGLISH_TITLE, "Information input: insurance cover"),
        ("ar", "لقاء المتطوعين الشهري", "فقرة معلومات: التأمين"),
    ]:
        locale = Locale.objects.get(language_code=language)
        translated = stammtisch.get_translation(locale)
        assert translated.live and not translated.has_unpublished_changes
        assert title in translated.title
        assert translated.get_parent().specific.locale == locale
        notes = [override.note for override in translated.overrides.all()]
        assert len(notes) == len(german_notes) and not set(notes) & set(german_notes)
        assert notes[0].startswith(note)
        # One set of dates for all the translations of a series.
        assert not Occurrence.objects.filter(series=translated).exists()

        response = client.get(translated.url)
        assert response.status_code == 200, translated.url
        assert title in response.content.decode()
        assert client.get(translated.get_parent().url).status_code == 200


def test_the_occurrences_api_lists_the_english_stammtisch(demo, client):
    response = client.get(OCCURRENCES_URL)
    assert response.status_code == 200
    items = response.json()["items"]
    assert ENGLISH_TITLE in {item["title"] for item in items}

    stammtisch = german(EventSeriesPage, slug="stammtisch-ehrenamt")
    items = client.get(f"{OCCURRENCES_URL}&series={stammtisch.pk}").json()["items"]
    assert [(item["start"], item["status"]) for item in items] == [
        ("2026-12-01T19:00:00+01:00", "scheduled"),
        ("2027-01-05T19:00:00+01:00", "scheduled"),
        ("2027-02-02T19:00:00+01:00", "scheduled"),
        ("2027-03-02T19:00:00+01:00", "cancelled"),
        ("2027-04-08T18:30:00+02:00", "moved"),
        ("2027-05-04T19:00:00+02:00", "scheduled"),
    ]
    assert {item["title"] for item in items} == {ENGLISH_TITLE}
    assert items[0]["note"].startswith("Information input: ")
    assert items[0]["time_zone"] == "Europe/Berlin"


def test_loading_the_demo_twice_changes_no_event_or_its_dates(demo):
    def dump():
        out = StringIO()
        call_command("dumpdata", "integration_events", "integration_directory.venue", stdout=out)
        return out.getvalue()

    first = dump()
    output = StringIO()
    call_command("load_demo_data", stdout=output)
    assert dump() == first
    assert "dates of 0 event series refreshed" in output.getvalue()


def test_the_training_has_a_full_evening_with_a_waiting_list_and_a_past_one_with_attendance(demo):
    from django.utils import timezone

    from wagtail_integration.registrations.models import Registration

    # The registrations are placed around the real today (the dates' window is the frozen one).
    today = timezone.now()
    training = german(EventSeriesPage, slug="schulung-neu-im-ehrenamt")
    by_date = {}
    for entry in Registration.objects.filter(series=training).select_related("occurrence"):
        counts = by_date.setdefault(entry.occurrence.start, {"confirmed": 0, "waiting": 0})
        counts[entry.status] += 1
        counts.setdefault("attendance", set()).add(entry.attendance)
    past = [counts for start, counts in by_date.items() if start < today]
    coming = [counts for start, counts in sorted(by_date.items()) if start >= today]
    assert [p["attendance"] for p in past] == [{"attended", "no_show"}]
    assert (coming[0]["confirmed"], coming[0]["waiting"]) == (12, 3)
    assert 0 < coming[1]["confirmed"] < 12 and coming[1]["waiting"] == 0
