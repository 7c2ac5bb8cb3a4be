"""Every item of the API names the languages it is published in (``translations``), for a
language switcher: the id and URL of each live version, in the order of the site's languages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"


def test_a_guide_names_each_published_version_in_the_order_of_the_sites_languages(client):
    index = factories.topic_index()
    guide = factories.guide(index, title="Gesundheit")
    arabic = factories.translate_page(guide, "ar", title="الصحة")
    english = factories.translate_page(guide, "en", title="Health")
    factories.translate_page(guide, "uk", title="Здоров'я", publish=False)  # a draft: not named

    expected = {
        "de": {"id": guide.pk, "url": guide.get_full_url()},
        "en": {"id": english.pk, "url": english.get_full_url()},
        "ar": {"id": arabic.pk, "url": arabic.get_full_url()},
    }
    for locale in ("de", "en", "uk"):
        item = client.get(f"{API}/topics?locale={locale}").json()["items"][0]
        assert item["translations"] == expected, locale
        assert list(item["translations"]) == ["de", "en", "ar"]
    detail = client.get(f"{API}/topics/{arabic.pk}?locale=ar").json()
    assert detail["translations"] == expected


def test_an_untranslated_snippet_names_its_german_version_without_a_url(client):
    org = factories.organisation(name="IKOKO")
    english = factories.translate_snippet(org, "en", name="IKOKO (en)")

    item = client.get(f"{API}/organisations?locale=en").json()["items"][0]

    assert item["translations"] == {
        "de": {"id": org.pk, "url": None},
        "en": {"id": english.pk, "url": None},
    }


def test_an_occurrence_names_the_versions_of_its_series(client):
    series = factories.series(
        factories.event_index(slug="veranstaltungen"),
        title="Stammtisch",
        first_date=dt.date(2027, 3, 2),
        materialise=(
            dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
            dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
        ),
    )
    english = factories.translate_page(series, "en", title="Get-together")

    body = client.get(f"{API}/occurrences?start=2027-03-01&end=2027-03-31&locale=en").json()

    assert body["items"][0]["translations"] == {
        "de": {"id": series.pk, "url": series.get_full_url()},
        "en": {"id": english.pk, "url": english.get_full_url()},
    }


def test_a_page_of_guides_reads_the_translations_in_one_query(
    client, django_assert_num_queries, answers_not_cached
):
    index = factories.topic_index()
    for number in range(3):
        factories.translate_page(factories.guide(index, title=f"Ratgeber {number}"), "en")
    client.get(f"{API}/topics?locale=en")  # what is read once per process (sites, locales)
    with CaptureQueriesContext(connection) as few:
        client.get(f"{API}/topics?locale=en")
    for number in range(3, 12):
        factories.translate_page(factories.guide(index, title=f"Ratgeber {number}"), "en")
    with django_assert_num_queries(len(few.captured_queries)):
        items = client.get(f"{API}/topics?locale=en").json()["items"]
    assert len(items) == 12
    assert all(set(item["translations"]) == {"de", "en"} for item in items)


def test_a_form_names_its_versions_in_the_list_and_in_its_detail(client):
    form = factories.volunteer_form_page(title="Mitmachen")
    english = factories.translate_page(form, "en", title="Volunteer")
    expected = {
        "de": {"id": form.pk, "url": form.get_full_url()},
        "en": {"id": english.pk, "url": english.get_full_url()},
    }

    (item,) = client.get(f"{API}/forms?locale=en").json()["items"]
    assert item["translations"] == expected
    assert client.get(f"{API}/forms/{form.pk}").json()["translations"] == expected
    # The page itself is not part of the answer.
    assert "page" not in item
