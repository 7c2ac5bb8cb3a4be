"""The honours pages for visitors: recipients by year, the year filter, gallery, one recipient."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tests import factories
from wagtail_integration.honours.models import HonourRecipientPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    index = factories.honour_index()
    factories.honour_recipient(index, title="Erika Musterfrau", year=2023)
    factories.honour_recipient(
        index,
        title="Verein Beispiel e. V.",
        year=2025,
        is_group=True,
        photo=factories.image(),
        photo_alt="Zehn Menschen mit einer Urkunde vor dem Rathaus",
        photo_credit="Stadt Beispiel",
    )
    factories.honour_recipient(index, title="Max Mustermann", year=2024)
    return index


def json_ld(html):
    """The JSON-LD documents of a page."""
    return [
        json.loads(text)
        for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_the_index_shows_one_heading_per_year_newest_first(client, index):
    html = client.get(index.url).content.decode()
    assert re.findall(r'<h2 class="wi-honours__year-heading"[^>]*>(\d+)</h2>', html) == [
        "2025",
        "2024",
        "2023",
    ]
    # Each recipient is an h3 below its year: names in the order of the years.
    names = re.findall(r'<h3 class="wi-honours__name"><a href="[^"]+">([^<]+)</a>', html)
    assert names == ["Verein Beispiel e. V.", "Max Mustermann", "Erika Musterfrau"]


def test_drafts_and_private_recipients_are_not_listed(client, index):
    factories.honour_recipient(index, title="Noch nicht veröffentlicht", live=False)
    html = client.get(index.url).content.decode()
    assert "Noch nicht veröffentlicht" not in html


def test_the_year_filter_is_a_labelled_get_form_that_shows_one_year(client, index):
    response = client.get(index.url, {"year": "2024"})
    html = response.content.decode()
    assert re.search(r'<form class="wi-filters[^"]*" method="get"', html)
    assert '<label for="wi-filter-year">' in html
    assert '<select id="wi-filter-year" name="year">' in html
    assert '<option value="2024" selected>2024</option>' in html
    assert "Max Mustermann" in html
    assert "Erika Musterfrau" not in html


@pytest.mark.parametrize("year", ["1999", "zwanzig", "2024<script>"])
def test_a_year_without_recipients_is_answered_with_a_message_and_all_years(client, index, year):
    response = client.get(index.url, {"year": year})
    assert response.status_code == 200
    html = response.content.decode()
    message = response.context["year_error"]
    assert year[:8] in message
    assert escape(message) in html
    assert 'aria-describedby="wi-filter-year-error"' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "Erika Musterfrau" in html and "Max Mustermann" in html


def test_the_gallery_makes_each_card_one_link_with_the_photos_alt_text(client, index):
    html = client.get(index.url, {"view": "gallery"}).content.decode()
    cards = re.findall(r'<li class="wi-honour-card">(.*?)</li>', html, re.S)
    assert len(cards) == 3
    for card in cards:
        assert card.count("<a ") == 1
    assert 'alt="Zehn Menschen mit einer Urkunde vor dem Rathaus"' in cards[0]
    assert 'aria-hidden="true"' in cards[1]  # no photo: a decorative placeholder
    assert re.search(r'<a class="wi-honours__view" href="[^"]*\?view=gallery" aria-current', html)


def test_the_gallery_keeps_the_chosen_year(client, index):
    html = client.get(index.url, {"view": "gallery", "year": "2025"}).content.decode()
    assert '<input type="hidden" name="view" value="gallery">' in html
    assert len(re.findall(r'<li class="wi-honour-card">', html)) == 1


def test_the_index_has_an_item_list_of_the_recipients_shown(client, index):
    html = client.get(index.url).content.decode()
    (data,) = json_ld(html)
    assert data["@type"] == "CollectionPage"
    items = data["mainEntity"]["itemListElement"]
    assert [item["item"]["name"] for item in items] == [
        "Verein Beispiel e. V.",
        "Max Mustermann",
        "Erika Musterfrau",
    ]
    assert items[0]["item"]["@type"] == "Organization"
    assert items[1]["item"]["award"] == "Integrationsehrennadel 2024"


def test_the_gallery_costs_the_same_queries_for_one_or_many_photos(client):
    index = factories.honour_index()

    def add(count):
        for _number in range(count):
            factories.honour_recipient(index, photo=factories.image(), photo_alt="Ein Foto")

    def queries():
        client.get(index.url, {"view": "gallery"})  # renditions are made on first view
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url, {"view": "gallery"}).status_code == 200
        return len(captured)

    add(1)
    one = queries()
    add(4)
    assert queries() == one


def test_the_recipient_page_shows_name_award_photo_credit_and_the_way_back(client, index):
    recipient = HonourRecipientPage.objects.get(title="Verein Beispiel e. V.")
    response = client.get(recipient.url)
    html = response.content.decode()
    main = html.split("<main", 1)[1]
    assert re.search(r"<h1[^>]*>Verein Beispiel e. V.</h1>", main)
    assert main.count("<h1") == 1
    assert "Integrationsehrennadel</span> 2025" in main
    assert 'alt="Zehn Menschen mit einer Urkunde vor dem Rathaus"' in main
    assert "<figcaption" in main and "Stadt Beispiel" in main
    assert f'<a href="{index.url}">' in main
    (data,) = json_ld(html)
    assert data["@type"] == "Organization"
    assert data["award"] == "Integrationsehrennadel 2025"
    assert data["image"]["contentUrl"].startswith("http")
    assert data["image"]["description"] == recipient.photo_alt


def test_a_person_with_an_organisation_is_affiliated_with_it_in_the_structured_data(client):
    organisation = factories.organisation(name="Sprachcafé Beispiel", is_sample=False)
    index = factories.honour_index()
    page = factories.honour_recipient(index, title="Erika Musterfrau", organisation=organisation)
    html = client.get(page.url).content.decode()
    (data,) = json_ld(html)
    assert data["@type"] == "Person"
    assert data["affiliation"]["name"] == "Sprachcafé Beispiel"
    assert "Sprachcafé Beispiel" in html


def test_editors_text_cannot_end_the_structured_data_script(client):
    index = factories.honour_index()
    page = factories.honour_recipient(index, title="</script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["name"] == "</script><script>alert(1)</script>"


def test_a_translated_index_lists_untranslated_recipients_in_german_marked_as_such(client, index):
    recipients = {page.title: page for page in index.get_recipients()}
    english_index = factories.translate_page(index, "en", title="Honour recipients")
    factories.translate_page(
        recipients["Max Mustermann"], "en", laudation="<p>For many years of work.</p>"
    )
    factories.translate_snippet(recipients["Max Mustermann"].award, "en", name="Integration Pin")
    html = client.get(english_index.url).content.decode()
    main = html.split("<main", 1)[1]
    # All three are listed: the translated one in English, the others from the German source.
    # Each entry stays in the page's direction; a German one's name is marked and its link says
    # where it leads, and the entry says it is in German.
    assert len(re.findall(r'<li class="wi-honours__item">', main)) == 3
    assert len(re.findall(r'<a href="/de/[^"]*" hreflang="de" lang="de" dir="ltr">', main)) == 2
    assert main.count('<p class="wi-teaser__fallback">In German</p>') == 2
    assert re.search(r'<li class="wi-honours__item">\s*<h3[^>]*><a href="/en/[^"]*">', main)
    # The award in English for every entry, the German ones included.
    assert main.count('<p class="wi-honours__meta"><span>Integration Pin</span>') == 3


def test_with_untranslated_content_hidden_a_translated_index_lists_only_translations(
    client, index, settings
):
    settings.WAGTAIL_INTEGRATION = {"UNTRANSLATED_CONTENT": "hide"}
    recipients = {page.title: page for page in index.get_recipients()}
    english_index = factories.translate_page(index, "en", title="Honour recipients")
    factories.translate_page(recipients["Max Mustermann"], "en")
    main = client.get(english_index.url).content.decode().split("<main", 1)[1]
    assert len(re.findall(r'<li class="wi-honours__item">', main)) == 1
    assert "Max Mustermann" in main and "wi-teaser__fallback" not in main
