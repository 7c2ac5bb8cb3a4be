"""The example site's search page (example_site/search/) and the search form in its header."""

import re

import pytest
from wagtail.search.backends import get_search_backend

from example_site.search.views import MAX_ORGANISATIONS
from tests import factories
from tests.topics.support import (
    SCRIPT,
    get_html,
    make_guide,
    make_index,
    make_organisation,
)
from wagtail_integration.directory.models import Organisation
from wagtail_integration.topics.models import TopicGuidePage

pytestmark = pytest.mark.django_db

PAGE_TITLE = re.compile(r'<h3 class="wi-teaser__title"><a href="([^"]+)">(.*?)</a></h3>')
CARD_NAME = re.compile(r'<h3 class="wi-card__name"[^>]*>(.*?)</h3>')


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit, as Wagtail 7.0's search indexing does.

    Wagtail 7.0 indexes an object in a task enqueued on commit; a test's transaction never
    commits, so the test runs those callbacks itself when it leaves this context.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


def search(client, query, language="de"):
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def content(committed):
    """Two German guides and two organisations, in the search index."""
    with committed():
        index = make_index()
        make_guide(
            index, title="Sprachkurse", summary="Integrationskurse und Deutschkurse in Koblenz."
        )
        make_guide(index, title="Gesundheit", summary="Ärztinnen und Kliniken.")
        make_organisation("Volkshochschule", description="Integrationskurse für Erwachsene.")
        make_organisation("Gesundheitsamt", kind="authority", description="Impfungen.")
    return index


def test_guides_and_organisations_are_in_wagtail_search(content):
    guides = TopicGuidePage.objects.live().search("Deutschkurse")
    assert [guide.title for guide in guides] == ["Sprachkurse"]
    organisations = get_search_backend().search("Volkshochschule", Organisation)
    assert [organisation.name for organisation in organisations] == ["Volkshochschule"]


def test_the_search_page_finds_guides_and_organisations(client, content):
    html = search(client, "Integrationskurse")
    guide = TopicGuidePage.objects.get(title="Sprachkurse")
    assert PAGE_TITLE.findall(html) == [(guide.url, "Sprachkurse")]
    assert "Integrationskurse und Deutschkurse in Koblenz." in html
    assert CARD_NAME.findall(html) == ["Volkshochschule"]


def test_the_search_page_without_a_query_shows_only_the_form(client, content):
    html = search(client, "")
    assert '<input id="search-query" type="search" name="q" value=""' in html
    assert '<label for="search-query">' in html
    assert 'class="wi-teaser' not in html and 'class="wi-card' not in html


def test_unpublished_guides_are_not_found(client, content, committed):
    with committed():
        TopicGuidePage.objects.get(title="Sprachkurse").unpublish()
    html = search(client, "Deutschkurse")
    assert PAGE_TITLE.findall(html) == []


def test_the_query_is_escaped(client, content):
    html = search(client, SCRIPT)
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_an_arabic_visitor_finds_the_arabic_translation_not_its_german_source(
    client, content, committed
):
    guide = TopicGuidePage.objects.get(title="Sprachkurse")
    with committed():
        arabic_guide = factories.translate_page(guide, "ar")
    html = search(client, "Deutschkurse", "ar")
    # The translation keeps the German text in this test; the Arabic page is the one found.
    assert PAGE_TITLE.findall(html) == [(arabic_guide.url, "Sprachkurse")]
    assert arabic_guide.url.startswith("/ar/")


def test_an_arabic_visitor_finds_german_pages_and_organisations_without_translation(
    client, content
):
    factories.locale("ar")
    html = search(client, "Integrationskurse", "ar")
    assert '<html lang="ar" dir="rtl">' in html
    (result,) = re.findall(r'<li class="wi-guide-list__item"([^>]*)>', html)
    assert result == ' lang="de" dir="ltr"'  # German content marked as such
    guide = TopicGuidePage.objects.get(title="Sprachkurse")
    assert PAGE_TITLE.findall(html) == [(guide.url, "Sprachkurse")]
    assert guide.url.startswith("/de/")
    assert '<h3 class="wi-card__name" lang="de" dir="ltr">Volkshochschule</h3>' in html


def test_a_german_match_of_a_translated_organisation_is_shown_translated(
    client, content, committed
):
    german = Organisation.objects.get(name="Volkshochschule")
    with committed():
        factories.translate_snippet(
            german, "ar", name="الجامعة الشعبية", description="دورات الاندماج"
        )
    html = search(client, "Volkshochschule", "ar")
    assert CARD_NAME.findall(html) == ["الجامعة الشعبية"]
    assert search(client, "الشعبية", "ar").count('class="wi-card__name"') == 1


def test_at_most_the_limit_of_organisations_is_shown(client, committed):
    with committed():
        for n in range(MAX_ORGANISATIONS + 3):
            make_organisation(f"Beratungsstelle {n}")
    html = search(client, "Beratungsstelle")
    assert len(CARD_NAME.findall(html)) == MAX_ORGANISATIONS


def test_every_page_has_a_search_form_in_its_header(client, content):
    html = get_html(client, TopicGuidePage.objects.get(title="Gesundheit"))
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    assert re.search(
        r'<form class="site-search" role="search" method="get" action="/de/search/">', header
    )
    assert re.search(r'<input type="search" name="q" aria-label="[^"]+"', header)


def test_the_search_page_has_one_search_landmark(client, content):
    html = search(client, "Gesundheit")
    assert html.count('role="search"') == 1
