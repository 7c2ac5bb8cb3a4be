"""The StreamField block of each embed widget, for host sites that are Wagtail themselves:
events/blocks.py, topics/blocks.py (TopicGuideBlock), directory/blocks.py, honours/blocks.py and
submissions/blocks.py, rendered on a German and an Arabic host page, with German fallback
content marked as such, their empty states, and in the example site's pages.

The clock stands at mid-February 2027 (tests.events.support.NOW).
"""

import datetime as dt
import json
import re
import uuid

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.blocks import BlockWidget

from example_site.home.models import ContentPage
from tests import factories
from tests.events.support import BOUNDS, NOW, translate
from wagtail_integration.directory.blocks import OrganisationsBlock
from wagtail_integration.events.blocks import NextStammtischBlock, UpcomingEventsBlock
from wagtail_integration.events.models import EventCategory
from wagtail_integration.honours.blocks import HonoursBlock
from wagtail_integration.submissions.blocks import FormBlock
from wagtail_integration.topics.blocks import TopicGuideBlock

pytestmark = pytest.mark.django_db

BLOCKS = {
    "next_stammtisch": NextStammtischBlock,
    "upcoming_events": UpcomingEventsBlock,
    "topic_guide": TopicGuideBlock,
    "organisations": OrganisationsBlock,
    "honours": HonoursBlock,
    "form": FormBlock,
}


def in_language(language, message):
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def content():
    """German content with some Arabic translations, and a German host page with its Arabic
    translation: a Stammtisch (in Arabic too) and a training (German only), a guide (German
    only), two organisations and two honour recipients (one each in Arabic too), a volunteer
    form (German only)."""
    de = factories.locale("de")
    factories.locale("ar")
    stammtisch_category = EventCategory.objects.create(
        name="Stammtisch", slug="stammtisch", locale=de
    )
    training_category = EventCategory.objects.create(name="Schulung", slug="schulung", locale=de)
    topic = factories.topic(slug="ehrenamt", name="Ehrenamt")
    index = factories.event_index(slug="veranstaltungen")
    stammtisch = factories.series(
        index,
        "Ehrenamtsstammtisch",
        first_date=dt.date(2027, 1, 5),
        category=stammtisch_category,
        topics=[topic],
        materialise=BOUNDS,
        overrides=[
            {"date": dt.date(2027, 3, 2), "action": "note", "note": "Vortrag: Anerkennung"},
        ],
    )
    training = factories.series(
        index,
        "Schulung für Neue",
        "RRULE:FREQ=MONTHLY;BYDAY=+2WE",
        first_date=dt.date(2027, 1, 13),
        category=training_category,
        materialise=BOUNDS,
    )
    translate(index, "ar", title="الفعاليات")
    translate(stammtisch, "ar", title="لقاء المتطوعين")
    advice = factories.organisation("Migrationsberatung Koblenz", topics=[topic])
    factories.translate_snippet(advice, "ar", name="استشارة الهجرة")
    factories.organisation("Sprachcafé Koblenz", kind="association", languages=("de", "ar"))
    guide = factories.guide(
        factories.topic_index(slug="themen"),
        "Ehrenamt in Koblenz",
        topic=topic,
        body=[
            ("heading", "Mitmachen"),
            ("text", "<p>So helfen Sie mit.</p>"),
            ("contact", advice.pk),
        ],
    )
    honours = factories.honour_index()
    award = factories.integrationsehrennadel()
    recipient = factories.honour_recipient(honours, "Erika Beispiel", year=2024, award=award)
    factories.translate_page(recipient, "ar", title="إيريكا بايشبيل")
    factories.honour_recipient(honours, "Verein Brücke", year=2023, award=award)
    form = factories.volunteer_form_page(title="Mitmachen im Ehrenamt")
    host = factories.plain_page(title="Stadtportal")
    return {
        "stammtisch": stammtisch,
        "training": training,
        "guide": guide,
        "form": form,
        "host": host,
        "host_ar": factories.translate_page(host, "ar", title="بوابة المدينة"),
    }


def values(content):
    """Per block: its stored value on a page, as an editor would fill it in."""
    return {
        "next_stammtisch": {"series": content["stammtisch"].pk, "heading": ""},
        "upcoming_events": {"count": 5, "category": "", "topic": ""},
        "topic_guide": {"guide": content["guide"].pk},
        "organisations": {"heading": "", "topic": "", "language": "", "kind": ""},
        "honours": {"heading": "", "year": None},
        "form": {"form": content["form"].pk, "heading": "", "link_text": ""},
    }


def render(name, raw, page, **context):
    """Render the block ``name`` with the stored value ``raw`` as it would be on ``page``."""
    block = BLOCKS[name]()
    value = block.to_python(raw)
    context = {"page": page, "request": RequestFactory().get("/"), **context}
    return block.render(value, context=context)


def root_element(html):
    """The block's root element's opening tag."""
    return re.search(r"<section [^>]*>", html).group(0)


def arabic_values(content):
    """:func:`values`, the next Stammtisch block showing the series without an Arabic version."""
    return {**values(content), "next_stammtisch": {"series": content["training"].pk}}


#: Per block: what its German rendering shows.
GERMAN = {
    "next_stammtisch": "Vortrag: Anerkennung",
    "upcoming_events": "Schulung für Neue",
    "topic_guide": "So helfen Sie mit.",
    "organisations": "Sprachcafé Koblenz",
    "honours": "Verein Brücke",
    "form": "Sie möchten helfen? Schreiben Sie uns.",
}
#: Per block: German content it shows on an Arabic page, for want of a translation.
FALLBACK = {**GERMAN, "next_stammtisch": "Schulung für Neue"}


def test_each_block_renders_in_german_and_right_to_left_in_arabic_marking_german_content(
    content,
):
    # One test for all blocks and both languages: the content takes long to build.
    in_german = in_language("ar", "In German")
    assert in_german != "In German"  # the label comes in the reader's language
    for name in BLOCKS:
        german = render(name, values(content)[name], content["host"])
        assert 'lang="de" dir="ltr"' in root_element(german), name
        assert GERMAN[name] in german, name
        assert "wi-teaser__fallback" not in german, name  # all of it in the page's language
        assert '<h2 class="' in german, name  # the block's heading, at the default level

        arabic = render(name, arabic_values(content)[name], content["host_ar"])
        assert 'lang="ar" dir="rtl"' in root_element(arabic), name
        assert FALLBACK[name] in arabic, name
        assert f'<p class="wi-teaser__fallback">{in_german}</p>' in arabic, name
        inside = arabic.split(">", 1)[1]
        assert 'lang="de" dir="ltr"' in inside, name  # the German content says so


def test_translated_series_organisations_and_recipients_come_in_arabic(content):
    upcoming = render("upcoming_events", values(content)["upcoming_events"], content["host_ar"])
    assert "لقاء المتطوعين" in upcoming and "Ehrenamtsstammtisch" not in upcoming
    assert re.search(r'hreflang="de" lang="de" dir="ltr">Schulung für Neue<', upcoming)
    next_one = render("next_stammtisch", values(content)["next_stammtisch"], content["host_ar"])
    assert "لقاء المتطوعين" in next_one and "wi-teaser__fallback" not in next_one
    organisations = render("organisations", values(content)["organisations"], content["host_ar"])
    assert "استشارة الهجرة" in organisations
    assert "Migrationsberatung Koblenz" not in organisations
    assert '<h3 class="wi-card__name" lang="de" dir="ltr">Sprachcafé Koblenz</h3>' in organisations
    honours = render("honours", values(content)["honours"], content["host_ar"])
    assert "إيريكا بايشبيل" in honours and "Erika Beispiel" not in honours


# -- options: the web components' attributes ----------------------------------------------------


def event_titles(html):
    return re.findall(r'<h\d class="wi-event__title"><a [^>]*>([^<]+)</a>', html)


def card_names(html):
    return re.findall(r'<h3 class="wi-card__name"[^>]*>([^<]+)</h3>', html)


def test_the_blocks_filter_as_the_elements_attributes_do(content):
    host = content["host"]

    def events(**choice):
        return set(event_titles(render("upcoming_events", {"count": 20, **choice}, host)))

    assert events(category="schulung") == {"Schulung für Neue"}
    assert events(topic="ehrenamt") == {"Ehrenamtsstammtisch"}
    assert events(series=content["training"].pk) == {"Schulung für Neue"}
    arabic = content["stammtisch"].get_translation(factories.locale("ar"))
    assert events(series=arabic.pk) == {"Ehrenamtsstammtisch"}  # any version of the series
    # 15 February 2027: the Stammtisch meets on 2 March, the training on 10 March.
    assert events(days=14) == set()
    assert events(days=30) == {"Ehrenamtsstammtisch", "Schulung für Neue"}
    within = render("upcoming_events", {"count": 20, "days": 30}, host)
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)T', within)
    assert dates and max(dates) <= "2027-03-17"

    # Without a series, the next Stammtisch is the series of the Stammtisch category.
    stammtisch = render("next_stammtisch", {"series": None, "heading": ""}, host)
    assert "Ehrenamtsstammtisch" in stammtisch and "Vortrag: Anerkennung" in stammtisch
    assert "Schulung" not in stammtisch

    def organisations(**choice):
        return card_names(render("organisations", choice, host))

    assert organisations(kind="association") == ["Sprachcafé Koblenz"]
    assert organisations(language="ar") == ["Sprachcafé Koblenz"]
    assert organisations(topic="ehrenamt") == ["Migrationsberatung Koblenz"]
    assert organisations() == ["Migrationsberatung Koblenz", "Sprachcafé Koblenz"]

    every_year = render("honours", {"year": None}, host)
    years = re.findall(r'<h3 class="wi-honours__year-heading">(\d+)</h3>', every_year)
    assert years == ["2024", "2023"]  # newest first
    one_year = render("honours", {"year": 2023}, host)
    assert "Verein Brücke" in one_year and "Erika Beispiel" not in one_year


def test_the_topic_guide_block_renders_the_guide_below_its_heading_german_inside(content):
    html = render("topic_guide", {"guide": content["guide"].pk}, content["host"], heading_level=3)
    assert re.search(r'<h3 class="wi-guide-block__title"><a href="[^"]+">Ehrenamt in Koblenz', html)
    assert '<h4 class="wi-section__heading">Mitmachen</h4>' in html
    assert '<h5 class="wi-card__name">Migrationsberatung Koblenz</h5>' in html  # contact card

    arabic = render("topic_guide", {"guide": content["guide"].pk}, content["host_ar"])
    # No Arabic version: the guide's title, link and content say they are German, and within
    # it the contact card is the guide's own (German), as on the guide's page.
    assert re.search(r'hreflang="de" lang="de" dir="ltr">Ehrenamt in Koblenz</a>', arabic)
    assert '<div class="wi-guide" lang="de" dir="ltr">' in arabic
    assert '<h4 class="wi-card__name">Migrationsberatung Koblenz</h4>' in arabic


def test_the_form_block_links_to_the_form_page_instead_of_holding_the_form(content):
    html = render("form", values(content)["form"], content["host"])
    assert f'href="{content["form"].url}"' in html
    assert escape(in_language("de", "Go to the form")) in html
    assert "<form" not in html and "csrfmiddlewaretoken" not in html
    custom = render(
        "form", {"form": content["form"].pk, "link_text": "Jetzt mitmachen"}, content["host"]
    )
    assert ">Jetzt mitmachen</a>" in custom


def test_the_form_block_offers_only_form_pages():
    chooser = FormBlock().child_blocks["form"]
    names = {model.__name__ for model in chooser.target_models}
    assert names == {"VolunteerFormPage", "NominationFormPage"}


# -- empty states -----------------------------------------------------------------------------


@pytest.fixture
def nothing(db):
    """A German host page and its Arabic translation, and no content at all."""
    factories.locale("de")
    host = factories.plain_page(title="Stadtportal")
    return {"host": host, "host_ar": factories.translate_page(host, "ar", title="بوابة المدينة")}


#: Per block: a stored value that shows nothing, and the message it shows instead.
EMPTY = {
    "next_stammtisch": ({"series": None}, "No dates are planned at the moment."),
    "upcoming_events": ({"count": 5}, "No dates are planned at the moment."),
    "organisations": ({}, "No organisation is listed here at the moment."),
    "honours": ({"year": 2001}, "There are no recipients here yet."),
}


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("name", EMPTY)
def test_a_block_with_nothing_to_show_says_so_under_its_heading(nothing, name, language):
    raw, message = EMPTY[name]
    page = nothing["host_ar" if language == "ar" else "host"]
    html = render(name, raw, page)
    assert re.search(r"<h2 class=\"[^\"]+\">[^<]+</h2>", html)
    assert f">{escape(in_language(language, message))}</p>" in html


def test_an_unpublished_guide_form_or_series_leaves_a_notice_in_the_readers_language(content):
    content["guide"].unpublish()
    content["form"].unpublish()
    content["stammtisch"].unpublish()
    for language, page in (("de", content["host"]), ("ar", content["host_ar"])):
        guide = render("topic_guide", {"guide": content["guide"].pk}, page)
        notice = in_language(language, "This topic guide is not published at the moment.")
        assert f'<p class="wi-guide-block__empty">{escape(notice)}</p>' in guide
        assert "So helfen Sie mit." not in guide
        form = render("form", {"form": content["form"].pk}, page)
        notice = in_language(language, "This form is not open at the moment.")
        assert f'<p class="wi-form-block__empty">{escape(notice)}</p>' in form
        assert content["form"].url not in form
        series = render("next_stammtisch", {"series": content["stammtisch"].pk}, page)
        notice = in_language(language, "No dates are planned at the moment.")
        assert f'<p class="wi-event-block__empty">{escape(notice)}</p>' in series
        assert "Ehrenamtsstammtisch" not in series


# -- in the example site --------------------------------------------------------------------------


def content_page(parent, blocks, **fields):
    page = ContentPage(
        title=fields.pop("title", "Alles auf einen Blick"),
        slug=fields.pop("slug", f"ueberblick-{uuid.uuid4().hex[:8]}"),
        body=json.dumps(
            [{"type": name, "value": value, "id": str(uuid.uuid4())} for name, value in blocks]
        ),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_example_sites_pages_offer_every_block_and_render_them(client, content):
    german = content_page(content["host"], values(content).items())
    arabic = factories.translate_page(german, "ar", title="كل شيء في لمحة")
    for language, page, direction in (("de", german, "ltr"), ("ar", arabic, "rtl")):
        response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200, html
        for name, text in GERMAN.items():
            assert text in html, (language, name)
        roots = re.findall(r'<section class="wi-[^"]*" lang="(\w+)" dir="(\w+)">', html)
        assert roots.count((language, direction)) >= len(BLOCKS), roots


def test_the_blocks_render_in_the_editor(nothing):
    for block_class in BLOCKS.values():
        block = block_class()
        assert BlockWidget(block).render("body", block.get_default())
