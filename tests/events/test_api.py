"""``GET occurrences``, ``GET series``, ``GET series/{id}``: wagtail_integration/events/api.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale, PageViewRestriction

from tests import factories
from wagtail_integration.directory.models import Venue
from wagtail_integration.events.describe import describe_schedule
from wagtail_integration.events.models import (
    EventCategory,
    Occurrence,
    OccurrenceOverride,
    OverrideAction,
    SeriesLanguage,
    SeriesTopic,
)
from wagtail_integration.events.occurrences import rebuild_series

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"
DE_INVALID = "Die Anfrage ist ungültig. Die Fehlermeldungen nennen jedes Feld, das korrigiert"
UTC = dt.UTC
#: The materialised bounds of these tests: 2026 and 2027.
BOUNDS = (dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2028, 1, 1, tzinfo=UTC))
MARCH = "start=2026-03-01&end=2026-04-01"


def materialise(*series, bounds=BOUNDS):
    for page in series:
        rebuild_series(page.pk, bounds)


def get(client, query, **headers):
    response = client.get(f"{API}/occurrences?{query}", **headers)
    assert response.status_code == 200, response.json()
    return response.json()


def category(slug="stammtisch", name="Stammtisch"):
    return EventCategory.objects.create(slug=slug, name=name, locale=Locale.get_default())


def venue(name="Bürgerzentrum"):
    return Venue.objects.create(
        name=name, street="Mainzer Straße 1", postcode="56068", locale=Locale.get_default()
    )


def translate(series, language_code, notes=None, **fields):
    """Publish a translation of ``series``; ``notes`` maps override dates to translated notes."""
    translation_page = factories.translate_page(series, language_code, **fields)
    for date, note in (notes or {}).items():
        OccurrenceOverride.objects.filter(page=translation_page, date=date).update(note=note)
    return translation_page


# GET occurrences


def test_an_occurrence_comes_with_all_its_fields(client, make_series):
    hall = venue()
    series = make_series(
        venue=hall,
        overrides=[{"date": dt.date(2026, 3, 3), "note": "Vortrag: Ankommen in Koblenz"}],
    )
    materialise(series)
    occurrence = Occurrence.objects.get(series=series, start__date=dt.date(2026, 3, 3))

    body = get(client, MARCH)

    assert body == {
        "count": 1,
        "items": [
            {
                "id": occurrence.pk,
                "series": series.pk,
                "title": "Ehrenamtsstammtisch",
                "start": "2026-03-03T19:00:00+01:00",
                "end": "2026-03-03T21:00:00+01:00",
                "original_start": "2026-03-03T19:00:00+01:00",
                "all_day": False,
                "time_zone": "Europe/Berlin",
                "status": "scheduled",
                "note": "Vortrag: Ankommen in Koblenz",
                "venue": {
                    "id": hall.pk,
                    "name": "Bürgerzentrum",
                    "address": {
                        "street": "Mainzer Straße 1",
                        "postcode": "56068",
                        "city": "Koblenz",
                    },
                    "coordinates": None,
                    "accessibility": "",
                    "directions": "",
                    "locale": "de",
                    "fallback": False,
                },
                "online_url": "",
                "url": series.get_full_url(),
                "ical_url": series.get_full_url() + "ical/",
                "locale": "de",
                "fallback": False,
                "translations": {"de": {"id": series.pk, "url": series.get_full_url()}},
            }
        ],
    }
    assert body["items"][0]["url"].startswith("http://")


def test_occurrences_stay_at_19_00_local_across_the_summer_time_change_ordered_by_start(
    client, make_series
):
    weekly = make_series(
        title="Sprachcafé", rule="RRULE:FREQ=WEEKLY;BYDAY=TU", first_date=dt.date(2026, 3, 17)
    )
    early = make_series(
        title="Frühstück",
        rule="RRULE:FREQ=WEEKLY;BYDAY=MO",
        first_date=dt.date(2026, 3, 16),
        start_time=dt.time(9),
        end_time=dt.time(10, 30),
    )
    materialise(weekly, early)

    items = get(client, "start=2026-03-17&end=2026-04-08")["items"]

    assert [(item["title"], item["start"], item["end"]) for item in items] == [
        ("Sprachcafé", "2026-03-17T19:00:00+01:00", "2026-03-17T21:00:00+01:00"),
        ("Frühstück", "2026-03-23T09:00:00+01:00", "2026-03-23T10:30:00+01:00"),
        ("Sprachcafé", "2026-03-24T19:00:00+01:00", "2026-03-24T21:00:00+01:00"),
        # Summer time from 29 March: the offset changes, the wall-clock time does not.
        ("Frühstück", "2026-03-30T09:00:00+02:00", "2026-03-30T10:30:00+02:00"),
        ("Sprachcafé", "2026-03-31T19:00:00+02:00", "2026-03-31T21:00:00+02:00"),
        ("Frühstück", "2026-04-06T09:00:00+02:00", "2026-04-06T10:30:00+02:00"),
        ("Sprachcafé", "2026-04-07T19:00:00+02:00", "2026-04-07T21:00:00+02:00"),
    ]


def test_the_window_is_of_local_days_start_included_end_excluded(client, make_series):
    # 00:30 on 3 March in Berlin is still 2 March in UTC.
    night = make_series(
        title="Nachtwanderung",
        rule=None,
        first_date=dt.date(2026, 3, 3),
        start_time=dt.time(0, 30),
        end_time=dt.time(2, 0),
    )
    late = make_series(
        title="Spätschicht",
        rule=None,
        first_date=dt.date(2026, 3, 3),
        start_time=dt.time(23, 30),
        end_time=dt.time(23, 59),
    )
    materialise(night, late)

    def titles(query):
        return [item["title"] for item in get(client, query)["items"]]

    assert titles("start=2026-03-03&end=2026-03-04") == ["Nachtwanderung", "Spätschicht"]
    assert titles("start=2026-03-02&end=2026-03-03") == []
    assert titles("start=2026-03-04&end=2026-03-05") == []


def test_the_window_follows_the_default_time_zone_setting(client, make_series, settings):
    night = make_series(
        rule=None, first_date=dt.date(2026, 3, 3), start_time=dt.time(0, 30), end_time=None
    )
    materialise(night)
    settings.WAGTAIL_INTEGRATION = {"DEFAULT_TIME_ZONE": "UTC"}

    assert get(client, "start=2026-03-02&end=2026-03-03")["count"] == 1
    assert get(client, "start=2026-03-03&end=2026-03-04")["count"] == 0


def test_an_all_day_online_event_starts_and_ends_at_local_midnight(client, make_series):
    talk = make_series(
        "Online-Infotag",
        rule=None,
        first_date=dt.date(2026, 5, 12),
        all_day=True,
        start_time=None,
        end_time=None,
        online_url="https://meet.example.org/infotag",
    )
    materialise(talk)

    item = get(client, "start=2026-05-01&end=2026-06-01")["items"][0]
    series = client.get(f"{API}/series/{talk.pk}").json()

    assert (item["start"], item["end"], item["all_day"]) == (
        "2026-05-12T00:00:00+02:00",
        "2026-05-13T00:00:00+02:00",
        True,
    )
    assert (item["venue"], item["online_url"]) == (None, "https://meet.example.org/infotag")
    assert (series["start_time"], series["end_time"], series["all_day"]) == (None, None, True)


def test_cancelled_and_moved_dates_are_listed_with_their_status(client, make_series):
    hall, cellar = venue(), venue("Jugendkeller")
    series = make_series(
        venue=hall,
        overrides=[
            {"date": dt.date(2026, 3, 3), "action": OverrideAction.CANCEL, "note": "Ferien"},
            {
                "date": dt.date(2026, 4, 7),
                "action": OverrideAction.MOVE,
                "new_date": dt.date(2026, 4, 9),
                "new_start_time": dt.time(18, 30),
                "new_venue": cellar,
                "note": "Diesmal donnerstags",
            },
        ],
    )
    materialise(series)

    items = get(client, "start=2026-03-01&end=2026-05-01")["items"]

    assert [
        (i["status"], i["start"], i["original_start"], i["note"], i["venue"]["name"]) for i in items
    ] == [
        (
            "cancelled",
            "2026-03-03T19:00:00+01:00",
            "2026-03-03T19:00:00+01:00",
            "Ferien",
            "Bürgerzentrum",
        ),
        (
            "moved",
            "2026-04-09T18:30:00+02:00",
            "2026-04-07T19:00:00+02:00",
            "Diesmal donnerstags",
            "Jugendkeller",
        ),
    ]
    assert items[1]["end"] == "2026-04-09T20:30:00+02:00"


def test_a_date_moved_into_the_window_is_listed_and_one_moved_out_is_not(client, make_series):
    series = make_series(
        overrides=[
            {
                "date": dt.date(2026, 3, 3),
                "action": OverrideAction.MOVE,
                "new_date": dt.date(2026, 2, 26),
            }
        ]
    )
    materialise(series)

    february = get(client, "start=2026-02-01&end=2026-03-01")["items"]
    march = get(client, MARCH)["items"]

    assert [i["start"] for i in february] == [
        "2026-02-03T19:00:00+01:00",
        "2026-02-26T19:00:00+01:00",
    ]
    assert march == []


def test_title_and_notes_come_in_the_requested_language(client, make_series):
    hall = venue()
    series = make_series(
        venue=hall,
        overrides=[
            {"date": dt.date(2026, 3, 3), "note": "Vortrag: Ankommen in Koblenz"},
            {"date": dt.date(2026, 4, 7), "action": OverrideAction.CANCEL, "note": "Osterferien"},
        ],
    )
    english = translate(
        series,
        "en",
        title="Volunteers' get-together",
        notes={dt.date(2026, 3, 3): "Talk: arriving in Koblenz"},
    )
    factories.translate_snippet(hall, "en", name="Community centre")
    materialise(series)
    query = "start=2026-03-01&end=2026-05-01"

    in_english = get(client, f"{query}&locale=en")["items"]
    in_german = get(client, f"{query}&locale=de")["items"]

    assert [
        (i["series"], i["title"], i["note"], i["locale"], i["fallback"]) for i in in_english
    ] == [
        (english.pk, "Volunteers' get-together", "Talk: arriving in Koblenz", "en", False),
        # Not translated yet: the German note stays.
        (english.pk, "Volunteers' get-together", "Osterferien", "en", False),
    ]
    assert in_english[0]["url"] == english.get_full_url()
    assert "/en/" in in_english[0]["url"]
    assert in_english[0]["ical_url"] == english.get_full_url() + "ical/"
    assert in_english[0]["venue"]["name"] == "Community centre"
    assert [(i["series"], i["title"], i["note"]) for i in in_german] == [
        (series.pk, "Ehrenamtsstammtisch", "Vortrag: Ankommen in Koblenz"),
        (series.pk, "Ehrenamtsstammtisch", "Osterferien"),
    ]


def test_a_series_without_translation_comes_in_german_marked_as_fallback(client, make_series):
    series = make_series(overrides=[{"date": dt.date(2026, 3, 3), "note": "Vortrag"}])
    materialise(series)

    items = get(client, f"{MARCH}&locale=ar")["items"]

    assert [(i["series"], i["title"], i["note"], i["locale"], i["fallback"]) for i in items] == [
        (series.pk, "Ehrenamtsstammtisch", "Vortrag", "de", True)
    ]


def test_a_draft_translation_does_not_hide_the_german_source(client, make_series):
    series = make_series()
    factories.translate_page(series, "en", publish=False, title="Get-together")
    materialise(series)

    items = get(client, f"{MARCH}&locale=en")["items"]

    assert [(i["series"], i["fallback"]) for i in items] == [(series.pk, True)]


def test_unpublished_and_private_series_are_not_listed(client, make_series):
    shown, unpublished, private = make_series("A"), make_series("B"), make_series("C")
    materialise(shown, unpublished, private)
    # Their stored rows are still there until the rebuild job has run.
    unpublished.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    items = get(client, MARCH)["items"]

    assert [i["series"] for i in items] == [shown.pk]


def test_a_series_made_public_again_or_republished_is_listed_again_before_any_rebuild(
    client, make_series
):
    private, unpublished = make_series("A"), make_series("B")
    materialise(private, unpublished)
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="x"
    )
    unpublished.unpublish()
    assert get(client, MARCH)["items"] == []

    restriction.delete()
    unpublished.save_revision().publish()  # its rebuild job waits for the commit

    assert {i["series"] for i in get(client, MARCH)["items"]} == {private.pk, unpublished.pk}


def test_a_series_moved_below_a_private_page_is_hidden_at_once(client, make_series, event_index):
    from wagtail_integration.events.models import EventIndexPage

    members = EventIndexPage(title="Intern", slug="intern")
    event_index.get_parent().add_child(instance=members)
    members.save_revision().publish()
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    series = make_series()
    materialise(series)
    assert get(client, MARCH)["count"] == 1

    series.move(members, pos="last-child")

    assert get(client, MARCH)["count"] == 0


def test_a_private_series_is_materialised_hidden(make_series):
    series = make_series()
    PageViewRestriction.objects.create(page=series, restriction_type="login")
    materialise(series)

    assert set(Occurrence.objects.values_list("visible", flat=True)) == {False}


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the plan of SQLite; PostgreSQL's depends on its statistics",
)
@pytest.mark.parametrize("offset", [0, 40])
def test_the_window_is_read_and_counted_from_the_index_of_visible_dates(
    client, make_series, offset, answers_not_cached
):
    for n in range(3):
        materialise(make_series(f"Reihe {n}", rule="RRULE:FREQ=WEEKLY;BYDAY=TU"))
    url = f"{API}/occurrences?start=2026-01-01&end=2027-01-01&limit=20&offset={offset}"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json()["count"] == 156  # 3 × the 52 Tuesdays of 2026

    on_the_window = [q["sql"] for q in queries if '"visible"' in q["sql"].partition(" WHERE ")[2]]
    assert len(on_the_window) == 2  # the count and the ids of the page
    for sql in on_the_window:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " | ".join(row[-1] for row in cursor.fetchall())
        assert "USING INDEX integration_occurrence_shown" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # in the index's order, no sort


def test_the_filters_keep_the_dates_of_matching_series(client, make_series):
    meeting, training = category(), category("schulung", "Schulung")
    health = factories.topic(slug="gesundheit")
    stammtisch = make_series("Stammtisch", category=meeting)
    course = make_series("Schulung", category=training, rule="RRULE:FREQ=MONTHLY;BYDAY=+1WE")
    course.topic_links = [SeriesTopic(topic=health)]
    course.save_revision().publish()
    materialise(stammtisch, course)
    english = translate(course, "en", title="Training")

    def titles(query):
        return {item["title"] for item in get(client, f"{MARCH}&{query}")["items"]}

    assert titles("category=stammtisch") == {"Stammtisch"}
    assert titles("topic=gesundheit") == {"Schulung"}
    assert titles(f"series={course.pk}") == {"Schulung"}
    # Any language version's id names the series; the answer is in the requested language.
    assert titles(f"series={english.pk}&locale=en") == {"Training"}
    assert titles("category=stammtisch&topic=gesundheit") == set()


def test_occurrences_page_with_limit_and_offset(client, make_series):
    series = make_series(rule="RRULE:FREQ=WEEKLY;BYDAY=TU")
    materialise(series)
    all_items = get(client, "start=2026-01-01&end=2027-01-01&limit=100")["items"]

    page = get(client, "start=2026-01-01&end=2027-01-01&limit=10&offset=20")

    assert page["count"] == len(all_items) == 52
    assert page["items"] == all_items[20:30]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("end=2026-04-01", "start", "Give the first day of the window as YYYY-MM-DD, e.g. %s."),
        ("start=2026-03-01", "end", "Give the day after the last day of the window as YYYY-MM-DD."),
        (
            "start=1.3.2026&end=2026-04-01",
            "start",
            "“1.3.2026” is not a date. Give the date as YYYY-MM-DD, for example 2026-03-01.",
        ),
        (
            "start=2026-02-30&end=2026-04-01",
            "start",
            "“2026-02-30” is not a date. Give the date as YYYY-MM-DD, for example 2026-03-01.",
        ),
        (
            "start=2026-03-01&end=2026-03-01",
            "end",
            "The end must be after the start, 2026-03-01.",
        ),
        (
            "start=2026-01-01&end=2027-01-03",
            "end",
            "The window from 2026-01-01 to 2027-01-03 is 367 days long. "
            "Ask for at most 366 days at a time.",
        ),
        (
            f"{MARCH}&category=astrologie",
            "category",
            "There is no event category “astrologie”. Use one of: stammtisch.",
        ),
        (
            f"{MARCH}&topic=astrologie",
            "topic",
            "There is no topic “astrologie”. Use one of: gesundheit.",
        ),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, query, field, message):
    category()
    factories.topic(slug="gesundheit")

    response = client.get(f"{API}/occurrences?{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request is not valid. The errors name each field to correct.",
        "errors": {field: [message.replace("%s", "2026-03-01")]},
    }


def test_a_series_id_that_is_no_live_series_is_a_400_naming_series(
    client, event_index, make_series
):
    draft = make_series()
    draft.unpublish()

    for page_id in (event_index.pk, draft.pk, 999999):
        response = client.get(
            f"{API}/occurrences?{MARCH}&series={page_id}", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "series": [f"There is no published event series with the id {page_id}."]
        }


def test_a_leap_year_is_not_too_long_a_window(client):
    response = client.get(f"{API}/occurrences?start=2028-01-01&end=2029-01-01")

    assert response.status_code == 200


def test_every_parameter_at_fault_is_named_at_once_in_german(client):
    response = client.get(
        f"{API}/occurrences?start=gestern&category=x&topic=y", HTTP_ACCEPT_LANGUAGE="de"
    )

    body = response.json()
    assert response.status_code == 400
    assert body["detail"].startswith(DE_INVALID)
    assert set(body["errors"]) == {"start", "end", "category", "topic"}
    with translation.override("de"):
        expected = gettext(
            "“%(value)s” is not a date. Give the date as YYYY-MM-DD, for example 2026-03-01."
        ) % {"value": "gestern"}
    assert body["errors"]["start"] == [expected]


def test_a_locale_given_sets_the_language_of_the_messages(client):
    response = client.get(f"{API}/occurrences?locale=en", HTTP_ACCEPT_LANGUAGE="de")

    assert response.json()["detail"] == (
        "The request is not valid. The errors name each field to correct."
    )


def count_queries(client, url):
    """Queries of a GET of ``url``, measured on the second request (per-process caches warm).

    Tests that count use ``answers_not_cached``: the second request would be answered from
    the cache of finished answers, with no query at all (see tests/test_content_cache.py).
    """
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries), response.json()


def many_series(make_series, numbers, **fields):
    """Series ``numbers`` with venues, notes, a cancellation, every second one translated."""
    for n in numbers:
        series = make_series(
            f"Reihe {n}",
            **fields,
            venue=venue(f"Ort {n}"),
            category=category(f"kategorie-{n}", f"Kategorie {n}"),
            overrides=[
                {"date": dt.date(2026, 3, 3), "note": f"Thema {n}"},
                {"date": dt.date(2026, 4, 7), "action": OverrideAction.CANCEL},
            ],
        )
        series.spoken_languages = [SeriesLanguage(code="de"), SeriesLanguage(code="ar")]
        series.topic_links = [SeriesTopic(topic=factories.topic())]
        series.save_revision().publish()
        materialise(series)
        if n % 2:
            translate(
                series, "en", title=f"Reihe {n} (en)", notes={dt.date(2026, 3, 3): f"Topic {n}"}
            )


@pytest.mark.parametrize("locale", ["de", "en"])
def test_a_page_of_occurrences_takes_as_many_queries_for_30_series_as_for_3(
    client, make_series, locale, answers_not_cached
):
    many_series(make_series, range(3))
    small_count, small = count_queries(
        client, f"{API}/occurrences?start=2026-01-01&end=2027-01-01&limit=100&locale={locale}"
    )
    many_series(make_series, range(3, 30))

    large_count, large = count_queries(
        client, f"{API}/occurrences?start=2026-01-01&end=2027-01-01&limit=100&locale={locale}"
    )

    assert (small["count"], large["count"]) == (36, 360)
    assert (len(small["items"]), len(large["items"])) == (36, 100)
    assert large_count == small_count, f"3 series: {small_count} queries, 30: {large_count}"
    print(f"occurrences queries ({locale}): {small_count}")
    # 7: the notes of translated versions; 2 more: the versions of the series (`translations`)
    # and their view restrictions
    assert small_count <= (8 if locale == "de" else 9)


# GET series


def test_a_series_comes_with_all_its_fields(client, make_series):
    hall, meeting = venue(), category()
    health = factories.topic(slug="gesundheit", name="Gesundheit")
    office = factories.organisation(name="IKOKO")
    series = make_series(
        venue=hall,
        category=meeting,
        organiser=office,
        accessibility="Stufenloser Zugang.",
        registration="email",
        registration_email="ikoko@example.org",
        first_date=timezone.localdate() + dt.timedelta(days=7),
        rule="RRULE:FREQ=WEEKLY;BYDAY=TU",
        overrides=[],
    )
    series.topic_links = [SeriesTopic(topic=health)]
    series.spoken_languages = [SeriesLanguage(code="de"), SeriesLanguage(code="ar")]
    series.save_revision().publish()
    rebuild_series(series.pk)
    upcoming = list(Occurrence.objects.filter(series=series).order_by("start")[:3])

    body = client.get(f"{API}/series?locale=en").json()

    assert body["count"] == 1
    item = body["items"][0]
    next_dates = item.pop("next_occurrences")
    organiser = item.pop("organiser")
    assert item == {
        "id": series.pk,
        "title": "Ehrenamtsstammtisch",
        "slug": series.slug,
        "summary": "Austausch und Vernetzung für Ehrenamtliche.",
        "category": {"id": meeting.pk, "slug": "stammtisch", "name": "Stammtisch"},
        "topics": [{"id": health.pk, "slug": "gesundheit", "name": "Gesundheit"}],
        "venue": {
            "id": hall.pk,
            "name": "Bürgerzentrum",
            "address": {"street": "Mainzer Straße 1", "postcode": "56068", "city": "Koblenz"},
            "coordinates": None,
            "accessibility": "",
            "directions": "",
            "locale": "de",
            "fallback": True,
        },
        "online_url": "",
        "languages": [{"code": "de", "name": "Deutsch"}, {"code": "ar", "name": "العربية"}],
        "accessibility": "Stufenloser Zugang.",
        "registration": {
            "kind": "email",
            "label": "Registration by e-mail",
            "url": "",
            "email": "ikoko@example.org",
            "scope": None,
            "seats": None,
        },
        "first_date": series.first_date.isoformat(),
        "start_time": "19:00:00",
        "end_time": "21:00:00",
        "time_zone": "Europe/Berlin",
        "all_day": False,
        "rule": "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "schedule": "every Tuesday, 7 p.m.–9 p.m.",
        "url": series.get_full_url(),
        "ical_url": series.get_full_url() + "ical/",
        "locale": "de",
        "fallback": True,
        "translations": {"de": {"id": series.pk, "url": series.get_full_url()}},
    }
    assert (organiser["id"], organiser["name"]) == (office.pk, "IKOKO")
    assert organiser["translations"] == {"de": {"id": office.pk, "url": None}}
    assert [(d["id"], d["status"]) for d in next_dates] == [(o.pk, "scheduled") for o in upcoming]
    assert next_dates[0]["start"] == upcoming[0].start.astimezone(series.zone).isoformat()


def test_the_next_dates_skip_the_past_and_show_cancellations(client, make_series, monkeypatch):
    # A Wednesday: on a Monday, that evening's date would come first.
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 25, 12, tzinfo=UTC))
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    series = make_series(
        rule="RRULE:FREQ=WEEKLY;BYDAY=MO",
        first_date=monday - dt.timedelta(weeks=4),
        overrides=[
            {
                "date": monday + dt.timedelta(weeks=1),
                "action": OverrideAction.CANCEL,
                "note": "Feiertag",
            }
        ],
    )
    rebuild_series(series.pk)

    dates = client.get(f"{API}/series/{series.pk}").json()["next_occurrences"]

    assert [(d["start"][:10], d["status"], d["note"]) for d in dates] == [
        (monday.isoformat(), "scheduled", ""),
        ((monday + dt.timedelta(weeks=1)).isoformat(), "cancelled", "Feiertag"),
        ((monday + dt.timedelta(weeks=2)).isoformat(), "scheduled", ""),
    ]


def test_the_schedule_is_a_sentence_in_the_requested_language(client, make_series):
    series = make_series()
    translate(series, "en", title="Get-together")

    german = client.get(f"{API}/series/{series.pk}?locale=de").json()
    english = client.get(f"{API}/series/{series.pk}?locale=en").json()

    with translation.override("de"):
        expected = describe_schedule(series)
    assert german["schedule"] == expected
    assert english["schedule"] == "every first Tuesday of the month, 7 p.m.–9 p.m."
    assert german["rule"] == english["rule"] == "RRULE:FREQ=MONTHLY;BYDAY=+1TU"


def test_the_rule_ends_at_the_end_of_the_local_end_date_in_utc(client, make_series):
    # django-recurrence stores an end date of 31 Dec as UTC midnight of that local day.
    series = make_series(
        rule="RRULE:FREQ=MONTHLY;BYDAY=+1TU;UNTIL=20261230T230000Z\nEXDATE:20260303T180000Z"
    )

    rule = client.get(f"{API}/series/{series.pk}").json()["rule"]

    assert rule == (
        "RRULE:FREQ=MONTHLY;UNTIL=20261231T225959Z;BYDAY=+1TU\n"
        "EXDATE;TZID=Europe/Berlin:20260303T190000"
    )


def test_a_single_event_has_no_rule(client, make_series):
    talk = make_series("Vortrag", rule=None, first_date=dt.date(2026, 5, 12))

    body = client.get(f"{API}/series/{talk.pk}?locale=en").json()

    assert (body["rule"], body["schedule"]) == (None, "May 12, 2026, 7 p.m.–9 p.m.")


def test_the_detail_of_any_language_version_answers_the_requested_locale(client, make_series):
    series = make_series(body='<p>Alle sind <a href="https://example.org/">willkommen</a>.</p>')
    english = translate(series, "en", title="Get-together", body="<p>All welcome.</p>")

    from_german = client.get(f"{API}/series/{series.pk}?locale=en").json()
    from_english = client.get(f"{API}/series/{english.pk}?locale=de").json()
    fallback = client.get(f"{API}/series/{english.pk}?locale=uk").json()

    assert (from_german["id"], from_german["title"], from_german["body"]) == (
        english.pk,
        "Get-together",
        "<p>All welcome.</p>",
    )
    assert (from_english["id"], from_english["locale"], from_english["fallback"]) == (
        series.pk,
        "de",
        False,
    )
    assert from_english["body"] == (
        '<p>Alle sind <a href="https://example.org/">willkommen</a>.</p>'
    )
    assert (fallback["id"], fallback["locale"], fallback["fallback"]) == (series.pk, "de", True)


def test_links_in_the_body_lead_to_the_translated_page(client, make_series):
    target = factories.plain_page(title="Mitmachen")
    english_target = factories.translate_page(target, "en", title="Volunteer")
    series = make_series(body=f'<p><a linktype="page" id="{target.pk}">Mitmachen</a></p>')

    body = client.get(f"{API}/series/{series.pk}?locale=en").json()["body"]

    assert body == f'<p><a href="{english_target.get_full_url()}">Mitmachen</a></p>'


@pytest.mark.parametrize("state", ["missing", "draft", "private", "not a series"])
def test_the_detail_of_what_is_no_live_public_series_is_a_404(
    client, make_series, event_index, state
):
    series = make_series()
    if state == "draft":
        series.unpublish()
    if state == "private":
        PageViewRestriction.objects.create(page=series, restriction_type="password", password="x")
    page_id = {"missing": series.pk + 1000, "not a series": event_index.pk}.get(state, series.pk)

    response = client.get(f"{API}/series/{page_id}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_series_are_listed_by_title_in_the_requested_language_and_paged(client, make_series):
    series = [make_series(title) for title in ("Café", "Anmeldung", "Bücherei")]
    translate(series[0], "en", title="Zumba")

    titles = [i["title"] for i in client.get(f"{API}/series?locale=en").json()["items"]]
    page = client.get(f"{API}/series?locale=en&limit=1&offset=1").json()

    assert titles == ["Anmeldung", "Bücherei", "Zumba"]
    assert (page["count"], [i["title"] for i in page["items"]]) == (3, ["Bücherei"])


def test_the_series_filters_keep_matching_series_and_combine(client, make_series):
    meeting, health = category(), factories.topic(slug="gesundheit")
    stammtisch = make_series("Stammtisch", category=meeting)
    stammtisch.spoken_languages = [SeriesLanguage(code="ar")]
    stammtisch.save_revision().publish()
    course = make_series("Schulung")
    course.topic_links = [SeriesTopic(topic=health)]
    course.spoken_languages = [SeriesLanguage(code="uk")]
    course.save_revision().publish()

    def titles(query):
        return [i["title"] for i in client.get(f"{API}/series?{query}").json()["items"]]

    assert titles("category=stammtisch") == ["Stammtisch"]
    assert titles("topic=gesundheit") == ["Schulung"]
    assert titles("language=UK") == ["Schulung"]
    assert titles("language=ar&topic=gesundheit") == []


def test_unknown_series_filters_are_a_400_naming_each_parameter(client):
    response = client.get(
        f"{API}/series?category=x&topic=y&language=klingonisch", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"category", "topic", "language"}


def test_the_series_list_takes_as_many_queries_for_30_series_as_for_3(
    client, make_series, answers_not_cached
):
    many_series(
        make_series, range(30), organiser=factories.organisation(topics=[factories.topic()])
    )

    small_count, small = count_queries(client, f"{API}/series?locale=en&limit=3")
    large_count, large = count_queries(client, f"{API}/series?locale=en&limit=30")

    assert (len(small["items"]), len(large["items"])) == (3, 30)
    assert large_count == small_count, f"3 series: {small_count} queries, 30: {large_count}"


def test_the_endpoints_are_in_the_openapi_document_with_required_dates(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert {f"{API}/occurrences", f"{API}/series", f"{API}/series/{{id}}"} <= set(paths)
    parameters = {p["name"]: p for p in paths[f"{API}/occurrences"]["get"]["parameters"]}
    assert set(parameters) == {
        "locale",
        "start",
        "end",
        "category",
        "topic",
        "series",
        "limit",
        "offset",
    }
    assert parameters["start"]["required"] and parameters["end"]["required"]
    assert parameters["start"]["schema"]["format"] == "date"
    assert not parameters["category"]["required"]
