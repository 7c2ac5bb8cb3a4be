"""The series pages' ``api_fields`` in Wagtail's own API (v2): wagtail_integration/events/
wagtail_api.py and ``EventSeriesPage.api_fields``."""

import datetime as dt

import pytest

from tests import factories
from wagtail_integration.events.models import EventSeriesPage, SeriesLanguage, SeriesTopic
from wagtail_integration.events.wagtail_api import TopicsField

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.wagtail_api_urls")]


def api_get(client, path):
    response = client.get(f"/api/v2/pages/{path}", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def series(make_series):
    health = factories.topic(slug="gesundheit", name="Gesundheit")
    factories.translate_snippet(health, "en", name="Health")
    office = factories.organisation(name="IKOKO")
    series = make_series(
        rule="RRULE:FREQ=MONTHLY;UNTIL=20261231T000000Z;BYDAY=+1TU",
        organiser=office,
        online_url="https://meet.example.org/stammtisch",
        accessibility="Stufenloser Eingang.",
        registration="email",
        registration_email="ikoko@example.org",
    )
    series.topic_links = [SeriesTopic(topic=health)]
    series.spoken_languages = [SeriesLanguage(code="de"), SeriesLanguage(code="ar")]
    series.save_revision().publish()
    return series


def test_a_series_exposes_organiser_topics_languages_registration_and_rule(client, series):
    body = api_get(client, f"{series.pk}/")

    assert body["organiser"]["id"] == series.organiser_id
    assert body["topics"] == [
        {"id": series.topic_links.get().topic_id, "slug": "gesundheit", "name": "Gesundheit"}
    ]
    assert body["languages"] == [
        {"code": "de", "name": "Deutsch"},
        {"code": "ar", "name": "العربية"},
    ]
    assert body["online_url"] == "https://meet.example.org/stammtisch"
    assert body["accessibility"] == "Stufenloser Eingang."
    assert (body["registration"], body["registration_email"], body["registration_url"]) == (
        "email",
        "ikoko@example.org",
        "",
    )
    assert body["rule"] == "RRULE:FREQ=MONTHLY;UNTIL=20261231T225959Z;BYDAY=+1TU"
    integration_api = client.get(f"/api/integration/v1/series/{series.pk}").json()
    assert body["rule"] == integration_api["rule"]
    assert (body["first_date"], body["start_time"]) == ("2026-01-06", "19:00:00")


def test_the_listing_gives_the_fields_asked_for_and_a_single_event_has_no_rule(
    client, series, make_series
):
    talk = make_series("Vortrag", rule=None, first_date=dt.date(2026, 5, 12))

    listing = api_get(
        client,
        "?type=integration_events.EventSeriesPage&fields=rule,topics,languages,registration"
        "&order=title",
    )

    items = {item["id"]: item for item in listing["items"]}
    assert items[talk.pk]["rule"] is None
    assert items[talk.pk]["topics"] == []
    assert items[series.pk]["rule"].startswith("RRULE:FREQ=MONTHLY")
    assert [t["slug"] for t in items[series.pk]["topics"]] == ["gesundheit"]
    assert items[series.pk]["registration"] == "email"


def test_a_translated_series_names_its_topics_in_its_language(client, series):
    english = factories.translate_page(series, "en", title="Volunteers' get-together")

    body = api_get(client, f"{english.pk}/")

    assert [t["name"] for t in body["topics"]] == ["Health"]
    assert body["rule"] == api_get(client, f"{series.pk}/")["rule"]


@pytest.mark.parametrize("count", [1, 10])
def test_the_topics_of_a_translation_take_two_queries_whatever_their_number(
    count, make_series, django_assert_num_queries
):
    topics = [factories.topic(name=f"Thema {n}") for n in range(count)]
    for n, topic in enumerate(topics):
        factories.translate_snippet(topic, "en", name=f"Topic {n}")
    english = factories.translate_page(make_series(), "en", title="Get-together")
    # The German topics, as a translation that was synchronised before they were translated.
    english.topic_links = [SeriesTopic(topic=topic) for topic in topics]
    english.save()
    english = EventSeriesPage.objects.get(pk=english.pk)

    with django_assert_num_queries(2):  # the links with their topics, then the translations
        shown = TopicsField().to_representation(english)

    assert sorted(t["name"] for t in shown) == sorted(f"Topic {n}" for n in range(count))
