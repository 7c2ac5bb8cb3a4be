"""The German fallback of the events in a translated language (issue 13 item 1): the index's
list, its month view, the event blocks and what a series page shows from other snippets.

A series without a translation into the page's language is shown as its German source, its title
marked ``lang="de" dir="ltr"``, its link ``hreflang="de"``, and the words "In German" in the
page's language; categories, venues and organisers come in the page's language where translated.
Time is frozen at NOW (mid-February 2027) by the fixture frozen_now of conftest.py.
"""

import datetime as dt
import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from tests import factories
from tests.events.support import translate
from wagtail_integration.events.blocks import NextStammtischBlock, UpcomingEventsBlock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

ARTICLE = re.compile(r'<article class="wi-event .*?</article>', re.S)
MONTH_EVENT = re.compile(r'<li class="wi-month__event .*?</li>', re.S)


def in_german_in_arabic():
    """The marker's text on an Arabic page: the catalog's translation of "In German"."""
    with translation.override("ar"):
        text = translation.gettext("In German")
    assert text != "In German"  # the Arabic catalog translates it
    return text


def main(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def render(block, raw, page):
    """Render ``block`` with the stored value ``raw`` as it would be on ``page``."""
    value = block.to_python(raw)
    return block.render(value, context={"page": page, "request": RequestFactory().get("/")})


def one(pattern, texts):
    """The one text among ``texts`` that contains ``pattern``."""
    (found,) = [text for text in texts if pattern in text]
    return found


@pytest.fixture
def arabic(event_index, stammtisch, series_factory, things):
    """The index and the Stammtisch in Arabic, with its category and venue; a training series
    and the organiser without a translation."""
    training = series_factory(
        "Schulung für Neue", rule="RRULE:FREQ=MONTHLY;BYDAY=+2WE", first_date=dt.date(2027, 1, 13)
    )
    factories.translate_snippet(things["stammtisch"], "ar", name="لقاء")
    factories.translate_snippet(
        things["venue"], "ar", name="دار اللقاء", directions="الحافلة 1", accessibility="مدخل"
    )
    return {
        "index": translate(event_index, "ar", title="الفعاليات"),
        "series": translate(stammtisch, "ar", title="لقاء المتطوعين", summary="لقاء شهري."),
        "training": training,
    }


def test_the_arabic_list_shows_an_untranslated_series_in_german_marked_and_linked_as_such(
    client, arabic
):
    marker = in_german_in_arabic()
    html = main(client, arabic["index"].url)
    articles = ARTICLE.findall(html)
    assert len(articles) == 4  # two dates of each series from 15 February to the end of April
    german = [article for article in articles if "Schulung für Neue" in article]
    translated = [article for article in articles if "لقاء المتطوعين" in article]
    assert len(german) == len(translated) == 2
    for article in german:
        assert (
            f'<a href="{arabic["training"].url}" hreflang="de" lang="de" dir="ltr">'
            "Schulung für Neue</a></h3>"
        ) in article
        assert article.count(f'<p class="wi-teaser__fallback">{marker}</p>') == 1
    for article in translated:
        assert f'<a href="{arabic["series"].url}">لقاء المتطوعين</a></h3>' in article
        assert "hreflang" not in article and "wi-teaser__fallback" not in article
    # The venue both series share, in Arabic (translated) for the German series as well.
    assert html.count("<span>دار اللقاء</span>") == 4
    assert "Haus der Begegnung" not in html


def test_the_arabic_month_view_marks_an_untranslated_series_in_its_link(client, arabic):
    marker = in_german_in_arabic()
    html = main(client, arabic["index"].url + "?month=2027-03")
    events = MONTH_EVENT.findall(html)
    german = one("Schulung für Neue", events)  # 10 March
    assert re.search(
        rf'<a href="{re.escape(arabic["training"].url)}#wi-date-20270310T1800Z" hreflang="de">'
        r'<time [^>]*>[^<]+</time> <span class="wi-month__title" lang="de" dir="ltr">'
        rf'Schulung für Neue</span> <span class="wi-teaser__fallback wi-month__fallback">{marker}'
        r"</span></a>",
        german,
    )
    translated = one("لقاء المتطوعين", events)  # 2 March
    assert f'<a href="{arabic["series"].url}#wi-date-20270302T1800Z">' in translated
    assert '<span class="wi-month__title">لقاء المتطوعين</span></a>' in translated
    assert html.count("wi-teaser__fallback") == 1


def test_the_next_date_block_marks_an_untranslated_series_once_and_links_it_with_hreflang(
    arabic, stammtisch
):
    marker = in_german_in_arabic()
    html = render(NextStammtischBlock(), {"series": arabic["training"].pk}, arabic["index"])
    assert '<span lang="de" dir="ltr">Schulung für Neue</span></h2>' in html
    assert html.count(f'<p class="wi-teaser__fallback">{marker}</p>') == 1
    assert f'<a href="{arabic["training"].url}" hreflang="de">' in html

    # The German Stammtisch chosen by the editor comes in Arabic, with nothing to mark.
    html = render(NextStammtischBlock(), {"series": stammtisch.pk}, arabic["index"])
    assert "<span>لقاء المتطوعين</span></h2>" in html
    assert f'<a href="{arabic["series"].url}">' in html
    assert "hreflang" not in html and "wi-teaser__fallback" not in html


def test_the_next_date_block_without_dates_to_come_shows_the_translated_series(
    arabic, series_factory
):
    talk = series_factory("Vortrag", rule="", first_date=dt.date(2027, 1, 20))  # past
    arabic_talk = translate(talk, "ar", title="محاضرة")
    html = render(NextStammtischBlock(), {"series": talk.pk}, arabic["index"])
    assert "<span>محاضرة</span></h2>" in html
    assert f'<a href="{arabic_talk.url}">' in html
    assert "wi-teaser__fallback" not in html


def test_the_upcoming_events_block_marks_each_date_of_an_untranslated_series(arabic):
    marker = in_german_in_arabic()
    html = render(UpcomingEventsBlock(), {"count": 4}, arabic["index"])
    articles = ARTICLE.findall(html)
    german = [article for article in articles if "Schulung für Neue" in article]
    assert len(german) == 2 and len(articles) == 4
    for article in german:
        assert (
            f'<a href="{arabic["training"].url}" hreflang="de" lang="de" dir="ltr">'
            "Schulung für Neue</a></h3>"
        ) in article
        assert f'<p class="wi-teaser__fallback">{marker}</p>' in article
    assert html.count("wi-teaser__fallback") == 2
    assert html.count("hreflang") == 2


def test_the_arabic_series_page_shows_its_category_and_venue_in_arabic_and_the_rest_marked(
    client, arabic
):
    # The Arabic page was copied from the German one: it points to the German snippets.
    assert arabic["series"].category.locale.language_code == "de"
    html = main(client, arabic["series"].url)
    assert '<p class="wi-event-series__category">لقاء</p>' in html
    assert '<span class="wi-venue__name">دار اللقاء</span>' in html
    assert '<p class="wi-venue__directions">الحافلة 1</p>' in html
    assert "<p>مدخل</p>" in html  # the venue's accessibility
    assert "Haus der Begegnung" not in html and "Görgenstraße 17" in html  # the address stays
    # The organiser has no Arabic version: its German name is marked as German.
    assert '<h3 class="wi-card__name" lang="de" dir="ltr">Ehrenamtskoordination IKOKO</h3>' in html


def test_a_note_copied_untranslated_into_the_arabic_series_is_marked_as_german(client, arabic):
    # translate() copied the German overrides: the March note was not translated.
    (copied,) = [o for o in arabic["series"].overrides.all() if o.note == "Vortrag: Anerkennung"]
    assert copied.locale.language_code == "ar"
    note = '<p class="wi-event__note" lang="de" dir="ltr">Vortrag: Anerkennung</p>'
    assert note in main(client, arabic["series"].url)
    assert note in main(client, arabic["index"].url)


def test_a_translated_note_carries_no_language_of_its_own(client, english):
    html = main(client, english["index"].url)
    assert '<p class="wi-event__note">Talk: recognition of qualifications</p>' in html
    assert "Vortrag: Anerkennung" not in html


# UNTRANSLATED_CONTENT = "hide": the lists leave out what has no translation.


@pytest.fixture
def hidden(settings):
    settings.WAGTAIL_INTEGRATION = {"UNTRANSLATED_CONTENT": "hide"}


def test_with_untranslated_content_hidden_the_lists_show_only_translated_series(
    client, arabic, hidden
):
    html = main(client, arabic["index"].url)
    articles = ARTICLE.findall(html)
    assert len(articles) == 2 and all("لقاء المتطوعين" in article for article in articles)
    assert "Schulung für Neue" not in html and "wi-teaser__fallback" not in html
    month = main(client, arabic["index"].url + "?month=2027-03")
    assert "لقاء المتطوعين" in month and "Schulung für Neue" not in month

    blocks = render(UpcomingEventsBlock(), {"count": 4}, arabic["index"])
    assert "Schulung für Neue" not in blocks and len(ARTICLE.findall(blocks)) == 2
    assert not render(
        NextStammtischBlock(), {"series": arabic["training"].pk}, arabic["index"]
    ).strip()
    assert "لقاء المتطوعين" in render(
        NextStammtischBlock(), {"series": arabic["series"].pk}, arabic["index"]
    )


def test_with_untranslated_content_hidden_a_page_and_the_api_still_fall_back(
    client, arabic, hidden
):
    # The German page itself still answers, and the API flags the fallback for its clients.
    assert client.get(arabic["training"].url).status_code == 200
    items = client.get("/api/integration/v1/series?locale=ar").json()["items"]
    assert {(item["title"], item["fallback"]) for item in items} == {
        ("لقاء المتطوعين", False),
        ("Schulung für Neue", True),
    }
