"""wagtail_integration/events/blocks.py: the next date of a series and the upcoming events,
as blocks for topic guides and the host site's own pages.

Time is frozen at NOW (mid-February 2027) by the fixture frozen_now of conftest.py.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import blocks

from tests import factories
from tests.events.support import NOW, SCRIPT, shown, translate
from wagtail_integration.events.blocks import NextStammtischBlock, UpcomingEventsBlock
from wagtail_integration.events.models import OverrideAction

# The data of the page tests (tests/events/conftest.py), and their frozen clock.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def render(block, raw, page=None, **context):
    """Render ``block`` with the stored value ``raw`` as it would be on ``page``."""
    request = RequestFactory().get("/")
    value = block.to_python(raw)
    return block.render(value, context={"page": page, "request": request, **context})


def titles(html):
    return re.findall(r'<h\d class="wi-event__title"><a [^>]*>([^<]+)</a>', html)


# -- next Stammtisch ---------------------------------------------------------------------------


def test_the_next_stammtisch_block_shows_the_next_date_with_its_note(stammtisch, event_index):
    html = render(NextStammtischBlock(), {"series": stammtisch.pk}, page=event_index)
    assert '<h2 class="wi-event-block__heading"><span>Ehrenamtsstammtisch</span></h2>' in html
    assert html.count('<article class="wi-event') == 1
    march = shown("Dienstag", "2. März 2027", "19:00")
    assert f'<time datetime="2027-03-02T19:00:00+01:00">{march}</time>' in html
    assert '<p class="wi-event__note">Vortrag: Anerkennung</p>' in html
    assert f'<a href="{stammtisch.url}">' in html
    assert 'lang="de" dir="ltr"' in html


def test_a_cancelled_next_date_is_shown_with_the_one_after_it(monkeypatch, stammtisch, event_index):
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2027, 3, 10, tzinfo=dt.UTC))
    html = render(NextStammtischBlock(), {"series": stammtisch.pk}, page=event_index)
    statuses = re.findall(r'<article class="wi-event wi-event--(\w+)"', html)
    assert statuses == ["cancelled", "moved"]  # 6 April cancelled, 4 May moved to the 6th


def test_the_next_stammtisch_block_takes_its_heading_and_level_from_the_editor(
    stammtisch, event_index
):
    html = render(
        NextStammtischBlock(),
        {"series": stammtisch.pk, "heading": f"Nächster Stammtisch {SCRIPT}"},
        page=event_index,
        heading_level=3,
    )
    assert '<h3 class="wi-event-block__heading">Nächster Stammtisch &lt;script&gt;' in html
    assert SCRIPT not in html


def test_the_next_stammtisch_block_of_an_unpublished_series_says_no_dates_are_planned(
    stammtisch, event_index
):
    stammtisch.unpublish()
    html = render(NextStammtischBlock(), {"series": stammtisch.pk}, page=event_index)
    assert '<h2 class="wi-event-block__heading">Nächster Termin</h2>' in html
    assert '<p class="wi-event-block__empty">Zurzeit sind keine Termine geplant.</p>' in html
    assert "Ehrenamtsstammtisch" not in html and stammtisch.url not in html


def test_on_an_english_page_the_block_shows_the_english_series_and_note(english):
    html = render(NextStammtischBlock(), {"series": english["series"].pk}, page=english["index"])
    assert 'lang="en" dir="ltr"' in html
    assert "Volunteers&#x27; get-together" in html
    assert "Talk: recognition of qualifications" in html
    assert shown("Tuesday", "March 2, 2027", "7 p.m.", language="en") in html


def test_on_an_arabic_page_the_block_is_right_to_left(stammtisch, event_index):
    arabic_index = translate(event_index, "ar", title="الفعاليات")
    html = render(NextStammtischBlock(), {"series": stammtisch.pk}, page=arabic_index)
    assert '<section class="wi-event-block wi-event-block--next" lang="ar" dir="rtl">' in html
    # The series has no Arabic version: its title is marked as German.
    assert '<span lang="de" dir="ltr">Ehrenamtsstammtisch</span>' in html


# -- upcoming events ---------------------------------------------------------------------------


@pytest.fixture
def three_series(things, series_factory):
    language = factories.topic(slug="sprache", name="Sprache")
    return {
        "stammtisch": series_factory(),  # first Tuesday
        "training": series_factory(
            "Schulung für Neue",
            rule="RRULE:FREQ=MONTHLY;BYDAY=+2WE",
            first_date=dt.date(2027, 1, 13),
            category=things["training"],
            topics=[language],
        ),
        "cafe": series_factory(
            "Sprachcafé",
            rule="RRULE:FREQ=WEEKLY;BYDAY=TH",
            first_date=dt.date(2027, 1, 7),
            topics=[language],
            overrides=[{"date": dt.date(2027, 2, 18), "action": OverrideAction.CANCEL}],
        ),
    }


def test_the_upcoming_events_block_lists_the_next_dates_in_order(three_series, event_index):
    html = render(UpcomingEventsBlock(), {"count": 4}, page=event_index)
    assert titles(html) == [
        "Sprachcafé",  # 18 February, cancelled: still shown, as such
        "Sprachcafé",  # 25 February
        "Ehrenamtsstammtisch",  # 2 March
        "Sprachcafé",  # 4 March
    ]
    assert "wi-event--cancelled" in html
    assert '<h2 class="wi-event-block__heading">' in html and '<h3 class="wi-event__title">' in html


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"category": "schulung"}, {"Schulung für Neue"}),
        ({"category": "stammtisch"}, {"Ehrenamtsstammtisch", "Sprachcafé"}),
        ({"topic": "sprache"}, {"Schulung für Neue", "Sprachcafé"}),
        ({"topic": "sprache", "category": "schulung"}, {"Schulung für Neue"}),
    ],
)
def test_the_upcoming_events_block_filters_by_kind_and_topic(
    three_series, event_index, choice, expected
):
    raw = {"count": 20, **choice}
    html = render(UpcomingEventsBlock(), raw, page=event_index)
    assert set(titles(html)) == expected


def test_the_upcoming_events_block_links_to_the_chosen_calendar(three_series, event_index):
    html = render(UpcomingEventsBlock(), {"count": 2, "index": event_index.pk}, page=event_index)
    assert f'<a href="{event_index.url}">' in html
    assert len(titles(html)) == 2


def test_the_upcoming_events_block_on_an_english_page_links_to_the_english_calendar(english):
    html = render(
        UpcomingEventsBlock(), {"count": 3, "index": english["index"].pk}, page=english["index"]
    )
    assert f'<a href="{english["index"].url}">' in html
    assert "Volunteers&#x27; get-together" in html


def test_both_blocks_fit_into_a_stream_field(stammtisch, event_index):
    stream = blocks.StreamBlock(
        [("next_stammtisch", NextStammtischBlock()), ("upcoming_events", UpcomingEventsBlock())]
    )
    value = stream.to_python(
        [
            {"type": "next_stammtisch", "value": {"series": stammtisch.pk}},
            {"type": "upcoming_events", "value": {"count": 2, "heading": "Termine"}},
        ]
    )
    template = Template(
        "{% load wagtailcore_tags %}{% for block in value %}"
        "{% include_block block with heading_level=3 %}{% endfor %}"
    )
    html = template.render(
        Context({"value": value, "page": event_index, "request": RequestFactory().get("/")})
    )
    assert '<h3 class="wi-event-block__heading"><span>Ehrenamtsstammtisch</span></h3>' in html
    assert '<h3 class="wi-event-block__heading">Termine</h3>' in html
    assert '<h4 class="wi-event__title">' in html


def count_queries(block, raw, page):
    with CaptureQueriesContext(connection) as queries:
        render(block, raw, page=page)
    return len(queries)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_blocks_take_as_many_queries_for_30_series_as_for_3(
    event_index, series_factory, language
):
    page = translate(event_index, "en", title="Events") if language == "en" else event_index
    note = [{"date": dt.date(2027, 3, 2), "action": OverrideAction.NOTE, "note": "Vortrag"}]
    first = [series_factory(f"Reihe {n}", overrides=note) for n in range(3)]
    upcoming = {"count": 20, "index": event_index.pk}
    next_one = {"series": first[0].pk}
    count_queries(UpcomingEventsBlock(), upcoming, page)  # warm per-process caches
    small = [
        count_queries(UpcomingEventsBlock(), upcoming, page),
        count_queries(NextStammtischBlock(), next_one, page),
    ]
    for n in range(3, 30):
        series = series_factory(f"Reihe {n}", overrides=note)
        if language == "en" and n % 2:
            translate(series, "en", title=f"Series {n}", notes={dt.date(2027, 3, 2): "Talk"})
    large = [
        count_queries(UpcomingEventsBlock(), upcoming, page),
        count_queries(NextStammtischBlock(), next_one, page),
    ]
    print(f"block queries ({language}, upcoming, next): 3 series {small}, 30 series {large}")
    assert large == small
    assert max(large) <= 10
    assert NOW < dt.datetime(2027, 3, 2, tzinfo=dt.UTC)  # so every series has a date to show


def test_the_blocks_offer_categories_and_topics_by_slug_and_render_in_the_admin(three_series):
    from wagtail.blocks import BlockWidget

    block = UpcomingEventsBlock()
    assert ("schulung", "Schulung") in block.child_blocks["category"].field.choices
    assert ("sprache", "Sprache") in block.child_blocks["topic"].field.choices
    for admin_block in (block, NextStammtischBlock()):
        assert BlockWidget(admin_block).render("body", admin_block.get_default())  # the editor
    value = block.to_python({"category": "schulung", "topic": "", "count": 3})
    block.clean(value)  # an editor's choice validates
