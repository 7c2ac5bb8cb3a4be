"""``GET organisations`` (wagtail_integration/directory/api.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from tests import factories
from wagtail_integration.directory.models import OrganisationKind

pytestmark = pytest.mark.django_db

URL = "/api/integration/v1/organisations"
EN_INVALID = "The request is not valid. The errors name each field to correct."
DE_INVALID = "Die Anfrage ist ungültig. Die Fehlermeldungen nennen jedes Feld, das korrigiert"


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_an_organisation_comes_with_all_its_fields(client):
    health = factories.topic(slug="gesundheit", name="Gesundheit")
    org = factories.organisation(
        name="Caritas Migrationsberatung",
        kind=OrganisationKind.ADVICE_CENTRE,
        description="Beratung für Zugewanderte.",
        languages=["de", "ar", "fa"],
        topics=[health],
        opening_hours=[(1, "09:00", "12:00"), (3, "14:00", "17:30")],
        opening_hours_note="Termine nach Vereinbarung.",
        accessibility_notes="Stufenloser Zugang.",
        interpreter_available=True,
        latitude="50.356943",
        longitude="7.588996",
    )

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="de")

    with translation.override("de"):
        kind_label = str(OrganisationKind.ADVICE_CENTRE.label)
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": org.pk,
                "name": "Caritas Migrationsberatung",
                "kind": "advice_centre",
                "kind_label": kind_label,
                "description": "Beratung für Zugewanderte.",
                "address": {"street": "Bahnhofstraße 1", "postcode": "56068", "city": "Koblenz"},
                "coordinates": {"latitude": 50.356943, "longitude": 7.588996},
                "phone": "+49 261 000000",
                "email": "beratung@example.org",
                "website": "https://example.org/",
                "opening_hours": [
                    {"weekday": 1, "opens": "09:00:00", "closes": "12:00:00"},
                    {"weekday": 3, "opens": "14:00:00", "closes": "17:30:00"},
                ],
                "opening_hours_note": "Termine nach Vereinbarung.",
                "languages": [
                    {"code": "de", "name": "Deutsch"},
                    {"code": "ar", "name": "العربية"},
                    {"code": "fa", "name": "فارسی"},
                ],
                "topics": [{"id": health.pk, "slug": "gesundheit", "name": "Gesundheit"}],
                "accessibility_notes": "Stufenloser Zugang.",
                "interpreter_available": True,
                "is_sample": True,
                "locale": "de",
                "fallback": False,
                "translations": {"de": {"id": org.pk, "url": None}},
            }
        ],
    }


def test_an_organisation_without_coordinates_has_none(client):
    factories.organisation()

    [item] = client.get(URL).json()["items"]

    assert item["coordinates"] is None


def test_organisations_are_listed_by_name_and_paged(client):
    for name in ["Tafel", "Caritas", "Diakonie", "AWO"]:
        factories.organisation(name=name)

    assert names(client.get(URL)) == ["AWO", "Caritas", "Diakonie", "Tafel"]
    page = client.get(f"{URL}?limit=2&offset=1").json()
    assert page["count"] == 4
    assert [item["name"] for item in page["items"]] == ["Caritas", "Diakonie"]


def test_the_filters_keep_matching_organisations_and_combine(client):
    health, school = factories.topic(slug="gesundheit"), factories.topic(slug="schule")
    factories.organisation(name="A", topics=[health], languages=["de", "ar"])
    factories.organisation(name="B", topics=[health, school], languages=["ar", "ar"])
    factories.organisation(name="C", topics=[school], languages=["uk"])
    factories.organisation(name="D", kind=OrganisationKind.ASSOCIATION, topics=[health])

    assert names(client.get(f"{URL}?topic=gesundheit")) == ["A", "B", "D"]
    assert names(client.get(f"{URL}?language=ar")) == ["A", "B"]
    assert names(client.get(f"{URL}?language=AR")) == ["A", "B"]
    assert names(client.get(f"{URL}?kind=association")) == ["D"]
    assert names(client.get(f"{URL}?topic=schule&language=uk")) == ["C"]
    assert names(client.get(f"{URL}?topic=gesundheit&kind=advice_centre&language=ar")) == [
        "A",
        "B",
    ]


@pytest.mark.parametrize(
    "parameter, value, message",
    [
        ("topic", "astrologie", "There is no topic “astrologie”. Use one of: gesundheit."),
        (
            "language",
            "klingon",
            "“klingon” is not a language code this site knows. Use a code such as de, en or ar.",
        ),
        (
            "kind",
            "club",
            "“club” is not a kind of organisation. Use one of: advice_centre, association, "
            "authority, initiative, education, health, other.",
        ),
        (
            "locale",
            "xx",
            "“xx” is not a language of this site. Use one of: de, en, ar, uk, tr, ru, fa, de-x-ls.",
        ),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_parameter(client, parameter, value, message):
    factories.topic(slug="gesundheit")

    response = client.get(f"{URL}?{parameter}={value}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"detail": EN_INVALID, "errors": {parameter: [message]}}


def test_every_unknown_filter_value_is_named_at_once_in_german(client):
    response = client.get(f"{URL}?topic=x&language=y&kind=z", HTTP_ACCEPT_LANGUAGE="de")

    body = response.json()
    assert response.status_code == 400
    assert body["detail"].startswith(DE_INVALID)
    assert list(body["errors"]) == ["topic", "language", "kind"]
    with translation.override("de"):
        expected = gettext("“%(value)s” is not a kind of organisation. Use one of: %(choices)s.")
    assert body["errors"]["kind"] == [
        expected % {"value": "z", "choices": ", ".join(OrganisationKind.values)}
    ]


def test_a_translated_organisation_comes_in_the_requested_locale(client):
    health = factories.topic(slug="gesundheit", name="Gesundheit")
    factories.translate_snippet(health, "en", name="Health")
    org = factories.organisation(name="Caritas", topics=[health], languages=["ar"])
    english = factories.translate_snippet(org, "en", name="Caritas (English)")
    factories.organisation(name="Tafel", topics=[health])

    items = client.get(f"{URL}?locale=en").json()["items"]

    assert [(i["id"], i["name"], i["locale"], i["fallback"]) for i in items] == [
        (english.pk, "Caritas (English)", "en", False),
        (items[1]["id"], "Tafel", "de", True),
    ]
    # Both are filed under the topic's English name, though the Tafel has no translation.
    assert [i["topics"][0]["name"] for i in items] == ["Health", "Health"]
    assert items[0]["kind_label"] == "Advice centre"
    # The translation's synchronised fields are its own.
    assert items[0]["languages"] == [{"code": "ar", "name": "العربية"}]


def test_the_filters_apply_to_the_version_shown(client):
    health = factories.topic(slug="gesundheit")
    org = factories.organisation(name="Caritas", topics=[health])
    factories.translate_snippet(org, "en", name="Caritas (English)")

    assert names(client.get(f"{URL}?locale=en&topic=gesundheit")) == ["Caritas (English)"]
    assert names(client.get(f"{URL}?locale=ar&topic=gesundheit")) == ["Caritas"]


def test_without_locale_the_visitors_language_is_used(client):
    org = factories.organisation(name="Caritas")
    factories.translate_snippet(org, "uk", name="Карітас")

    assert names(client.get(URL, HTTP_ACCEPT_LANGUAGE="uk")) == ["Карітас"]
    assert names(client.get(URL, HTTP_ACCEPT_LANGUAGE="de")) == ["Caritas"]


def count_queries(client, url):
    """Queries of a GET of ``url``, measured on the second request (caches warm)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("locale", ["de", "en"])
def test_the_list_takes_as_many_queries_for_30_organisations_as_for_3(client, locale):
    for number in range(30):
        topics = [factories.topic(), factories.topic()]
        if number % 2:
            factories.translate_snippet(topics[0], "en")
        org = factories.organisation(
            topics=topics,
            languages=["de", "ar", "en"],
            opening_hours=[(1, "09:00", "12:00"), (2, "09:00", "12:00")],
        )
        if number % 3:
            factories.translate_snippet(org, "en")

    small_count, small = count_queries(client, f"{URL}?locale={locale}&limit=3")
    large_count, large = count_queries(client, f"{URL}?locale={locale}&limit=30")

    assert (len(small["items"]), len(large["items"])) == (3, 30)
    assert all(len(item["opening_hours"]) == 2 for item in large["items"])
    assert all(len(item["topics"]) == 2 for item in large["items"])
    assert large_count == small_count, f"3 organisations: {small_count} queries, 30: {large_count}"
