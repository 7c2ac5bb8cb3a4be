"""OrganisationDirectoryPage: filters, locale fallback, pagination, structured data, queries.

Tests wagtail_integration/directory/models.py (OrganisationDirectoryPage.get_context and its
helpers) and the template integration_directory/organisation_directory_page.html.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests import factories
from tests.topics.support import (
    SCRIPT,
    json_ld,
    make_directory,
    make_organisation,
    make_topic,
)

pytestmark = pytest.mark.django_db

CARD_NAME = re.compile(r'<h3 class="wi-card__name"[^>]*>(.*?)</h3>')


def shown(html):
    """The names of the organisations a directory page shows, in order."""
    return CARD_NAME.findall(html)


def visit(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def directory():
    """A German directory with four organisations of different kinds, languages and topics."""
    health, language = make_topic("gesundheit", "Gesundheit"), make_topic("sprache", "Sprache")
    make_organisation("Caritas", kind="advice_centre", languages=["de", "ar"], topics=[health])
    make_organisation("Gesundheitsamt", kind="authority", languages=["de"], topics=[health])
    make_organisation("Sprachcafé", kind="initiative", languages=["de", "uk"], topics=[language])
    make_organisation("VHS", kind="education", languages=["de", "ar", "fa"], topics=[language])
    return make_directory()


def test_the_directory_lists_every_organisation_by_name(client, directory):
    html = visit(client, directory)
    assert shown(html) == ["Caritas", "Gesundheitsamt", "Sprachcafé", "VHS"]
    assert '<h2 class="wi-directory__count" id="wi-results-heading">' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?topic=gesundheit", ["Caritas", "Gesundheitsamt"]),
        ("?language=ar", ["Caritas", "VHS"]),
        ("?kind=authority", ["Gesundheitsamt"]),
        ("?topic=sprache&language=ar", ["VHS"]),
        ("?topic=gesundheit&kind=education", []),
    ],
)
def test_filters_by_topic_language_and_kind(client, directory, query, expected):
    html = visit(client, directory, query)
    assert shown(html) == expected
    if not expected:
        assert 'class="wi-directory__empty"' in html


def test_the_filter_form_keeps_the_chosen_values(client, directory):
    html = visit(client, directory, "?topic=sprache&language=uk&kind=initiative")
    assert '<option value="sprache" selected>Sprache</option>' in html
    assert '<option value="uk" lang="uk" selected>Українська</option>' in html
    assert '<option value="initiative" selected>' in html
    # every select has a label
    for name in ("topic", "language", "kind"):
        assert f'<label for="wi-filter-{name}">' in html
        assert f'<select id="wi-filter-{name}" name="{name}">' in html


def test_the_language_filter_offers_only_languages_spoken_somewhere(client, directory):
    html = visit(client, directory)
    offered = re.findall(r'<option value="([a-z-]+)" lang=', html)
    assert offered == ["de", "ar", "uk", "fa"]  # in the order of the package's language list


@pytest.mark.parametrize("query", ["?topic=nope", "?language=xx", "?kind=castle"])
def test_an_unknown_filter_value_is_ignored_and_said_so(client, directory, query):
    html = visit(client, directory, query)
    assert len(shown(html)) == 4
    assert 'class="wi-filters__errors"' in html
    assert query.split("=")[1] in html


def test_pages_of_the_directory_keep_the_filters(client):
    for n in range(7):
        make_organisation(f"Verein {n:02}", languages=["de", "ar"])
    directory = make_directory(per_page=5)
    first = visit(client, directory, "?language=ar")
    assert shown(first) == [f"Verein {n:02}" for n in range(5)]
    assert 'href="?language=ar&amp;page=2"' in first
    second = visit(client, directory, "?language=ar&page=2")
    assert shown(second) == ["Verein 05", "Verein 06"]
    assert 'href="?language=ar&amp;page=1"' in second
    # a page number out of range shows the last page rather than an error
    assert shown(visit(client, directory, "?page=99")) == ["Verein 05", "Verein 06"]


def test_an_arabic_directory_shows_arabic_organisations_and_untranslated_german_ones(client):
    german = make_organisation("Caritas Koblenz")
    factories.translate_snippet(german, "ar", name="كاريتاس كوبلنز")
    make_organisation("Gesundheitsamt")
    factories.translate_snippet(make_topic("gesundheit", "Gesundheit"), "ar", name="الصحة")
    make_topic("sprache", "Sprache")
    directory = factories.translate_page(make_directory(), "ar")
    html = visit(client, directory)
    assert '<main id="main" lang="ar" dir="rtl">' in html
    assert shown(html) == ["Gesundheitsamt", "كاريتاس كوبلنز"]
    # The untranslated organisation's texts are marked as German.
    assert '<h3 class="wi-card__name" lang="de" dir="ltr">Gesundheitsamt</h3>' in html
    assert '<h3 class="wi-card__name">كاريتاس كوبلنز</h3>' in html
    assert "Caritas Koblenz" not in html
    # Topics to filter by: Arabic where translated, German otherwise.
    assert '<option value="gesundheit">الصحة</option>' in html
    assert '<option value="sprache" lang="de" dir="ltr">Sprache</option>' in html
    # The untranslated one says so, once.
    with translation.override("ar"):
        marker = translation.gettext("In German")
    assert html.count(f'<p class="wi-teaser__fallback">{marker}</p>') == 1


def test_with_untranslated_content_hidden_an_arabic_directory_lists_only_translations(
    client, settings
):
    settings.WAGTAIL_INTEGRATION = {"UNTRANSLATED_CONTENT": "hide"}
    german = make_organisation("Caritas Koblenz")
    factories.translate_snippet(german, "ar", name="كاريتاس كوبلنز")
    make_organisation("Gesundheitsamt")
    directory = factories.translate_page(make_directory(), "ar")
    html = visit(client, directory)
    assert shown(html) == ["كاريتاس كوبلنز"]
    assert "wi-teaser__fallback" not in html


def test_an_untranslated_organisation_names_its_topics_in_the_pages_language(client):
    health = make_topic("gesundheit", "Gesundheit")
    factories.translate_snippet(health, "ar", name="الصحة")
    make_organisation("Gesundheitsamt", topics=[health, make_topic("sprache", "Sprache")])
    directory = factories.translate_page(make_directory(), "ar")

    html = visit(client, directory)

    assert '<h3 class="wi-card__name" lang="de" dir="ltr">Gesundheitsamt</h3>' in html
    topics = re.search(r'<p class="wi-card__topics">(.*?)</p>', html).group(1)
    assert "<span>الصحة</span>" in topics  # translated: in Arabic, not marked
    assert '<span lang="de" dir="ltr">Sprache</span>' in topics  # no translation: German
    assert "Gesundheit<" not in topics


def test_a_german_directory_shows_no_translations(client):
    german = make_organisation("Caritas Koblenz")
    factories.translate_snippet(german, "ar", name="كاريتاس كوبلنز")
    html = visit(client, make_directory())
    assert shown(html) == ["Caritas Koblenz"]


def test_the_directory_is_a_collection_page_of_organisations(client, directory):
    make_organisation("Beispielverein", is_sample=True)
    (data,) = json_ld(visit(client, directory))
    assert data["@type"] == "CollectionPage"
    assert data["inLanguage"] == "de"
    items = data["mainEntity"]["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3, 4]
    assert [item["item"]["name"] for item in items] == [
        "Caritas",
        "Gesundheitsamt",
        "Sprachcafé",
        "VHS",
    ]
    assert items[1]["item"]["@type"] == "GovernmentOrganization"
    assert items[0]["item"]["telephone"] == "(0261) 129-0"


def test_script_in_organisations_and_topics_is_escaped(client):
    topic = make_topic("t", f"Thema {SCRIPT}")
    make_organisation(
        f"Verein {SCRIPT}",
        description=f"Beschreibung {SCRIPT}",
        topics=[topic],
        opening_hours_note=f"Notiz {SCRIPT}",
    )
    directory = make_directory(title=f"Adressen {SCRIPT}")
    html = visit(client, directory, "?topic=%3Cscript%3E")
    assert "<script>alert" not in html
    for text in ("Thema", "Verein", "Beschreibung", "Notiz", "Adressen"):
        assert f"{text} &lt;script&gt;alert(1)&lt;/script&gt;" in html, text
    assert "&lt;script&gt;" in html.split('class="wi-filters__errors"')[1]
    (data,) = json_ld(html)
    assert data["mainEntity"]["itemListElement"][0]["item"]["name"] == f"Verein {SCRIPT}"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_directory_takes_as_many_queries_for_30_organisations_as_for_3(client):
    topics = [make_topic(f"thema-{n}", f"Thema {n}") for n in range(3)]
    directory = make_directory(per_page=100)
    for n in range(3):
        make_organisation(f"Organisation {n:02}", topics=topics, languages=["de", "ar", "uk"])
    count_queries(client, directory.url)  # warm caches that are per process, not per page
    small = count_queries(client, directory.url)
    for n in range(3, 30):
        make_organisation(f"Organisation {n:02}", topics=topics, languages=["de", "ar", "uk"])
    large = count_queries(client, directory.url)
    filtered = count_queries(
        client, directory.url + "?topic=thema-1&language=ar&kind=advice_centre"
    )
    print(f"directory page queries: 3 organisations {small}, 30 {large}, 30 filtered {filtered}")
    assert len(shown(visit(client, directory))) == 30
    assert large == small, (small, large)
    assert filtered == small, (small, filtered)
