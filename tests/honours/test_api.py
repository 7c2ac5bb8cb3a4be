"""``GET honours`` (wagtail_integration/honours/api.py): the year filter, languages, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests import factories
from wagtail_integration.honours.models import Award

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"


@pytest.fixture
def index():
    return factories.honour_index()


def get(client, query=""):
    response = client.get(f"{API}/honours{query}", HTTP_ACCEPT_LANGUAGE="en")
    return response, response.json()


def test_the_list_gives_each_live_recipient_with_its_fields(client, index):
    organisation = factories.organisation(name="Sprachcafé Beispiel")
    photo = factories.image(size=(1600, 1200))
    page = factories.honour_recipient(
        index,
        title="Verein Beispiel e. V.",
        year=2024,
        is_group=True,
        organisation=organisation,
        laudation=f'<p>Siehe <a linktype="page" id="{index.pk}">alle</a>.</p>',
        photo=photo,
        photo_alt="Zehn Menschen vor dem Rathaus",
        photo_credit="Stadt Beispiel",
    )
    award = Award.objects.get(slug="integrationsehrennadel")

    response, body = get(client, "?locale=de")

    assert response.status_code == 200
    assert body["count"] == 1
    (item,) = body["items"]
    assert item == {
        "id": page.pk,
        "title": "Verein Beispiel e. V.",
        "year": 2024,
        "is_group": True,
        "award": {"id": award.pk, "slug": "integrationsehrennadel", "name": award.name},
        "organisation": {"id": organisation.pk, "name": "Sprachcafé Beispiel"},
        "laudation": f'<p>Siehe <a href="{index.get_full_url()}">alle</a>.</p>',
        "photo": item["photo"],
        "url": page.get_full_url(),
        "locale": "de",
        "fallback": False,
        "translations": {"de": {"id": page.pk, "url": page.get_full_url()}},
    }
    assert item["photo"]["alt"] == "Zehn Menschen vor dem Rathaus"
    assert item["photo"]["credit"] == "Stadt Beispiel"
    assert (item["photo"]["width"], item["photo"]["height"]) == (800, 600)
    assert item["photo"]["url"].startswith("http://testserver/media/images/")


def test_only_live_public_recipients_newest_year_first(client, index):
    older = factories.honour_recipient(index, title="B", year=2023)
    newer_b = factories.honour_recipient(index, title="B", year=2025)
    newer_a = factories.honour_recipient(index, title="A", year=2025)
    factories.honour_recipient(index, year=2024, live=False)
    private = factories.honour_recipient(index, year=2024)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    _response, body = get(client)

    assert [item["id"] for item in body["items"]] == [newer_a.pk, newer_b.pk, older.pk]
    assert body["count"] == 3


def test_the_year_filter_keeps_that_years_recipients(client, index):
    kept = factories.honour_recipient(index, year=2024)
    factories.honour_recipient(index, year=2023)

    _response, body = get(client, "?year=2024")

    assert [item["id"] for item in body["items"]] == [kept.pk]


def test_limit_and_offset_page_the_list(client, index):
    pages = [factories.honour_recipient(index, title=f"R{n}", year=2024) for n in range(3)]

    _response, body = get(client, "?limit=1&offset=1")

    assert body["count"] == 3
    assert [item["id"] for item in body["items"]] == [pages[1].pk]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("zwanzig", "is not a year"),
        ("2024.5", "is not a year"),
        (str(timezone.localdate().year + 1), "lies in the future"),
        ("1999", "was first given in 2000"),
    ],
)
def test_a_year_out_of_range_is_a_400_naming_year(client, index, value, words):
    response, body = get(client, f"?year={value}")

    assert response.status_code == 400
    assert list(body["errors"]) == ["year"]
    assert words in body["errors"]["year"][0]
    assert body["detail"]


def test_the_year_is_explained_in_the_requested_language(client, index):
    response = client.get(f"{API}/honours?year=1999&locale=de")

    assert response.status_code == 400
    assert "2000" in response.json()["errors"]["year"][0]


def test_a_translated_recipient_comes_in_english_and_the_others_fall_back_to_german(client, index):
    translated = factories.honour_recipient(index, title="Erika Musterfrau", year=2025)
    untranslated = factories.honour_recipient(index, title="Max Mustermann", year=2024)
    award = Award.objects.get(slug="integrationsehrennadel")
    english_award = factories.translate_snippet(award, "en", name="Integration Pin of Honour")
    english = factories.translate_page(
        translated, "en", laudation="<p>For many years of work.</p>", award=english_award
    )

    _response, body = get(client, "?locale=en")

    assert [(i["id"], i["locale"], i["fallback"]) for i in body["items"]] == [
        (english.pk, "en", False),
        (untranslated.pk, "de", True),
    ]
    assert body["items"][0]["laudation"] == "<p>For many years of work.</p>"
    assert body["items"][0]["award"]["name"] == "Integration Pin of Honour"
    # The German recipient names the award in English too, where a translation exists.
    assert body["items"][1]["award"]["name"] == "Integration Pin of Honour"


def test_an_unknown_locale_is_a_400_naming_locale(client, index):
    response, body = get(client, "?locale=xx")

    assert response.status_code == 400
    assert list(body["errors"]) == ["locale"]


def count_queries(client, url):
    """Queries of a GET of ``url``, measured on the second request (renditions made)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("locale", ["de", "en"])
def test_the_list_takes_as_many_queries_for_12_recipients_as_for_2(client, index, locale):
    award = Award.objects.get(slug="integrationsehrennadel")
    factories.translate_snippet(award, "en", name="Integration Pin of Honour")
    for number in range(12):
        organisation = factories.organisation()
        page = factories.honour_recipient(
            index,
            year=2020 + number % 5,
            organisation=organisation,
            photo=factories.image(size=(40, 30)),
            photo_alt="Ein Foto",
            laudation=f'<p><a linktype="page" id="{index.pk}">Alle</a></p>',
        )
        if number % 2:
            factories.translate_snippet(organisation, "en")
            factories.translate_page(page, "en")

    small_count, small = count_queries(client, f"{API}/honours?locale={locale}&limit=2")
    large_count, large = count_queries(client, f"{API}/honours?locale={locale}&limit=12")

    assert (len(small["items"]), len(large["items"])) == (2, 12)
    assert large_count == small_count, f"2 recipients: {small_count} queries, 12: {large_count}"


def test_the_endpoint_is_in_the_openapi_document(client):
    document = client.get(f"{API}/openapi.json").json()
    parameters = document["paths"]["/api/integration/v1/honours"]["get"]["parameters"]
    assert {"year", "locale", "limit", "offset"} <= {p["name"] for p in parameters}
