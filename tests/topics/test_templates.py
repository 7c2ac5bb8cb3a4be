"""The public templates of topic guides and the guide index, and their schema.org data.

Templates: wagtail_integration/topics/templates/integration_topics/, the organisation card of
wagtail_integration/directory/templates/, wagtail_integration/templatetags/integration_tags.py
and wagtail_integration/schema_org.py.
"""

import datetime
import re

import pytest
from django.utils import translation

from tests import factories
from tests.topics.support import (
    SCRIPT,
    count_queries,
    get_html,
    guide_body,
    heading_levels,
    json_ld,
    make_directory,
    make_guide,
    make_index,
    make_organisation,
    make_topic,
)
from wagtail_integration.directory.models import Weekday
from wagtail_integration.templatetags import integration_tags

pytestmark = pytest.mark.django_db


# -- test data: tests/topics/support.py and tests/factories/ --------------------------------


@pytest.fixture
def guide_page():
    """A German guide with one block of every type, an organisation, a document and a CTA."""
    topic = make_topic()
    organisation = make_organisation(topics=[topic])
    index = make_index()
    directory = make_directory()
    guide = make_guide(
        index,
        topic=topic,
        body=guide_body(
            organisations=[organisation],
            document=factories.document(title="Merkblatt Anmeldung"),
            cta_page=directory,
        ),
    )
    return guide


# -- rendering ------------------------------------------------------------------------------


def test_a_guide_names_its_topic_above_the_title_when_the_two_differ(client):
    topic = factories.topic(slug="gesundheit", name="Gesundheit")
    page = factories.guide(factories.topic_index(), title="Ärztliche Versorgung", topic=topic)
    html = get_html(client, page)
    assert '<p class="wi-guide__topic">Gesundheit</p>' in html


def test_a_guide_renders_every_block_type(client, guide_page):
    html = get_html(client, guide_page)
    assert '<h1 class="wi-guide__title">Beratung</h1>' in html
    assert "Wo Sie in Koblenz Beratung finden." in html
    assert "wi-guide__topic" not in html  # the topic's name only repeats the title
    # text and heading blocks
    assert "<p>Einleitung x</p>" in html and ">Links x</h2>" in html
    # an external link, marked as external, with the languages of its target page
    assert re.search(
        r'href="https://www.example.org/0" rel="external noopener">Link 0 x'
        r'<span class="wi-visually-hidden"> \(.+?\)</span>',
        html,
    )
    assert '<span class="wi-links__host">example.org</span>' in html
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    assert '<span lang="de" dir="ltr">Deutsch</span>' in html
    # the FAQ as a native disclosure
    assert '<summary class="wi-faq__question">Frage 0 x?</summary>' in html
    assert "<p>Antwort 0 x</p>" in html
    # the contact card
    assert '<h3 class="wi-card__name">Migrationsberatung Koblenz</h3>' in html
    assert '<address class="wi-card__contact">' in html
    assert 'href="tel:02611290"' in html
    assert 'href="mailto:beratung@example.org"' in html
    assert '<th scope="row">Montag</th>' in html
    # the call to action and the download
    assert 'class="wi-cta__button" href="/de/adressen/">Mitmachen</a>' in html
    assert re.search(r'href="/documents/\d+/merkblatt[^"]*\.pdf">Merkblatt Anmeldung</a>', html)
    assert "(PDF" in html


def test_a_guide_shows_when_it_was_last_reviewed(client, guide_page):
    html = get_html(client, guide_page)
    assert re.search(
        r'<p class="wi-guide__reviewed">[^<]+<time datetime="2025-03-14">14. März 2025</time>',
        html,
    )


def test_an_untranslated_guide_is_german_throughout_for_an_arabic_visitor(client, guide_page):
    html = get_html(client, guide_page, "ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert '<main id="main" lang="de" dir="ltr">' in html
    # The interface text inside <main> is German as well, as <main> says.
    assert '<th scope="row">Montag</th>' in html
    assert '<time datetime="2025-03-14">14. März 2025</time>' in html


def test_an_arabic_guide_is_right_to_left_with_arabic_interface_text(client, guide_page):
    arabic = factories.translate_page(guide_page, "ar")
    html = get_html(client, arabic)
    assert arabic.url.startswith("/ar/")
    assert '<main id="main" lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        monday = str(Weekday.MONDAY.label)
    assert f'<th scope="row">{monday}</th>' in html
    (article,) = json_ld(html)
    assert article["inLanguage"] == "ar"
    # The organisation has no Arabic translation: its German texts say so.
    assert '<h3 class="wi-card__name" lang="de" dir="ltr">Migrationsberatung Koblenz</h3>' in html
    assert '<p class="wi-card__description" lang="de" dir="ltr">' in html


def test_opening_hours_are_grouped_by_weekday_monday_first(client, guide_page):
    html = get_html(client, guide_page)
    rows = re.findall(r'<th scope="row">(\w+)</th><td>(.*?)</td>', html)
    assert [day for day, _times in rows] == ["Montag", "Mittwoch"]
    assert rows[0][1].count('class="wi-hours__period"') == 2
    assert '<time datetime="09:00">' in rows[0][1] and '<time datetime="16:00">' in rows[0][1]


def test_headings_of_a_guide_go_down_one_level_at_a_time(client, guide_page):
    levels = heading_levels(get_html(client, guide_page))
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_a_contact_card_before_any_heading_takes_the_second_level(client):
    organisation = make_organisation()
    guide = make_guide(make_index(), body=[("contact", organisation.pk)])
    html = get_html(client, guide)
    assert '<h2 class="wi-card__name">Migrationsberatung Koblenz</h2>' in html


def test_sample_organisations_are_marked_and_left_out_of_the_structured_data(client):
    organisation = make_organisation(is_sample=True)
    guide = make_guide(make_index(), body=[("contact", organisation.pk)])
    html = get_html(client, guide)
    assert '<p class="wi-card__sample">' in html
    (article,) = json_ld(html)
    assert "mentions" not in article


def test_a_call_to_action_to_an_unpublished_page_is_left_out(client):
    directory = make_directory()
    directory.unpublish()
    guide = make_guide(
        make_index(),
        body=[
            (
                "call_to_action",
                {"text": "Mitmachen", "page": directory.pk, "button_label": "Los"},
            )
        ],
    )
    html = get_html(client, guide)
    assert "wi-cta" not in html


def test_the_guide_index_lists_its_guides_with_summary_and_review_date(client):
    index = make_index()
    languages = make_guide(index, title="Sprachkurse", summary="Deutsch lernen.")
    make_guide(index, title="Gesundheit", summary="Ärzte finden.")
    html = get_html(client, index)
    assert f'<a href="{languages.url}">Sprachkurse</a></h2>' in html
    assert "Ärzte finden." in html
    assert html.count('<time datetime="2025-03-14">') == 2
    (data,) = json_ld(html)
    assert data["@type"] == "CollectionPage"
    names = [item["name"] for item in data["mainEntity"]["itemListElement"]]
    assert names == ["Sprachkurse", "Gesundheit"]


def test_a_translated_index_lists_untranslated_guides_in_german_marked_as_such(client):
    index = make_index()
    health = factories.topic(slug="gesundheit", name="Gesundheit")
    factories.translate_snippet(health, "en", name="Health")
    courses = make_guide(index, title="Sprachkurse", summary="Deutsch lernen.")
    untranslated = make_guide(index, title="Gesundheit", summary="Ärzte finden.", topic=health)
    english_index = factories.translate_page(index, "en", title="Topics", slug="topics")
    english = factories.translate_page(courses, "en", title="Language courses", summary="Learn.")

    html = get_html(client, english_index)

    assert f'<a href="{english.url}">Language courses</a></h2>' in html
    assert (
        f'<a href="{untranslated.url}" hreflang="de" lang="de" dir="ltr">Gesundheit</a></h2>'
    ) in html
    assert html.count('<p class="wi-teaser__fallback">In German</p>') == 1
    assert '<p class="wi-teaser__summary" lang="de" dir="ltr">Ärzte finden.</p>' in html
    assert '<p class="wi-teaser__topic">Health</p>' in html  # the topic in the page's language
    assert html.index("Language courses") < html.index("Ärzte finden.")  # the German order
    assert "Deutsch lernen." not in html


def test_with_untranslated_content_hidden_a_translated_index_lists_only_translations(
    client, settings
):
    settings.WAGTAIL_INTEGRATION = {"UNTRANSLATED_CONTENT": "hide"}
    index = make_index()
    courses = make_guide(index, title="Sprachkurse", summary="Deutsch lernen.")
    make_guide(index, title="Gesundheit", summary="Ärzte finden.")
    english_index = factories.translate_page(index, "en", title="Topics", slug="topics")
    factories.translate_page(courses, "en", title="Language courses", summary="Learn.")

    html = get_html(client, english_index)

    assert "Language courses" in html
    assert "Gesundheit" not in html and "wi-teaser__fallback" not in html


def test_the_package_stylesheet_is_linked_from_the_page(client, guide_page):
    html = get_html(client, guide_page)
    assert 'href="/static/wagtail_integration/css/integration.css"' in html


# -- calls to action in translated guides ---------------------------------------------------
# copy_for_translation, like wagtail-localize, keeps the German page ids in a translated body.


def cta_block(page, text="Helfen Sie mit", button_label="Mitmachen"):
    return ("call_to_action", {"text": text, "page": page.pk, "button_label": button_label})


def cta_buttons(html):
    """``(href, hreflang or None, label)`` of every call-to-action button of a page."""
    return re.findall(
        r'<a class="wi-cta__button" href="([^"]*)"(?: hreflang="([^"]*)")?>([^<]*)</a>', html
    )


@pytest.fixture
def volunteer_form():
    """The German volunteer form "Mitmachen" and its English translation."""
    german = factories.volunteer_form_page()
    return german, factories.translate_page(german, "en", title="Get involved")


def test_a_german_guide_links_to_the_german_form(client, volunteer_form):
    german_form, _english_form = volunteer_form
    guide = make_guide(make_index(), body=[cta_block(german_form)])
    assert cta_buttons(get_html(client, guide)) == [(german_form.url, "", "Mitmachen")]


def test_an_english_guide_links_to_the_english_form(client, volunteer_form):
    german_form, english_form = volunteer_form
    guide = make_guide(make_index(), body=[cta_block(german_form)])
    english = factories.translate_page(guide, "en", title="Advice")

    html = get_html(client, english)

    assert english_form.url.startswith("/en/")
    assert cta_buttons(html) == [(english_form.url, "", "Mitmachen")]


def test_an_arabic_guide_links_to_the_german_form_marked_as_german(client, volunteer_form):
    german_form, _english_form = volunteer_form
    guide = make_guide(make_index(), body=[cta_block(german_form)])
    arabic = factories.translate_page(guide, "ar", title="استشارة")

    html = get_html(client, arabic)

    assert german_form.url.startswith("/de/")
    assert cta_buttons(html) == [(german_form.url, "de", "Mitmachen")]


def test_a_draft_translation_of_the_form_leaves_the_link_on_the_german_form(client):
    german_form = factories.volunteer_form_page()
    factories.translate_page(german_form, "en", publish=False, title="Get involved")
    guide = make_guide(make_index(), body=[cta_block(german_form)])
    english = factories.translate_page(guide, "en", title="Advice")

    assert cta_buttons(get_html(client, english)) == [(german_form.url, "de", "Mitmachen")]


def test_a_call_to_action_outside_a_guide_links_to_the_page_in_the_language_of_its_page(
    volunteer_form,
):
    from wagtail_integration.topics.blocks import CallToActionBlock

    german_form, english_form = volunteer_form
    english_page = factories.translate_page(factories.plain_page(), "en")
    block = CallToActionBlock()
    value = block.to_python({"text": "Help", "page": german_form.pk, "button_label": "Go"})

    html = block.render(value, context={"page": english_page})

    assert cta_buttons(html) == [(english_form.url, "", "Go")]


# -- schema.org -----------------------------------------------------------------------------


def test_the_guide_is_an_article_modified_on_its_review_date(client, guide_page):
    (article,) = json_ld(get_html(client, guide_page))
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "Article"
    assert article["headline"] == "Beratung"
    assert article["dateModified"] == "2025-03-14"
    assert article["inLanguage"] == "de"
    assert article["url"] == f"http://localhost{guide_page.url}"
    assert article["about"] == {"@type": "Thing", "name": "Beratung"}


def test_contact_cards_are_organisations_in_the_structured_data(client, guide_page):
    (article,) = json_ld(get_html(client, guide_page))
    (organisation,) = article["mentions"]
    assert organisation == {
        "@type": "Organization",
        "name": "Migrationsberatung Koblenz",
        "description": "Beratung zu Aufenthalt, Arbeit und Familie.",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Schloßstraße 1",
            "postalCode": "56068",
            "addressLocality": "Koblenz",
        },
        "telephone": "(0261) 129-0",
        "email": "beratung@example.org",
        "url": "https://www.example.org/beratung/",
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": "https://schema.org/Monday",
                "opens": "09:00",
                "closes": "12:00",
            },
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": "https://schema.org/Monday",
                "opens": "14:00",
                "closes": "16:00",
            },
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": "https://schema.org/Wednesday",
                "opens": "09:00",
                "closes": "12:00",
            },
        ],
        "knowsLanguage": ["de", "ar"],
    }


def test_an_authority_is_a_government_organization(client):
    organisation = make_organisation(
        "Ausländerbehörde", kind="authority", latitude=50.36, longitude=7.59
    )
    guide = make_guide(make_index(), body=[("contact", organisation.pk)])
    (article,) = json_ld(get_html(client, guide))
    (data,) = article["mentions"]
    assert data["@type"] == "GovernmentOrganization"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 50.36, "longitude": 7.59}


# -- escaping -------------------------------------------------------------------------------


def test_script_in_every_text_field_is_escaped_in_page_and_structured_data(client):
    topic = make_topic(name=f"Thema {SCRIPT}")
    organisation = make_organisation(
        name=f"Verein {SCRIPT}",
        description=f"Beschreibung {SCRIPT}",
        street=f"Straße {SCRIPT}",
        postcode="<b>1</b>",
        city=f"Stadt {SCRIPT}",
        phone=f"0261 {SCRIPT}",  # bypasses the validator, as an import could
        email=f"a{SCRIPT}@example.org",
        opening_hours_note=f"Notiz {SCRIPT}",
        accessibility_notes=f"Zugang {SCRIPT}",
    )
    directory = make_directory()
    guide = make_guide(
        make_index(),
        title=f"Titel {SCRIPT}",
        summary=f"Zusammenfassung {SCRIPT}",
        topic=topic,
        body=guide_body(
            organisations=[organisation],
            document=factories.document(title=f"Dokument {SCRIPT}"),
            cta_page=directory,
            text=SCRIPT,
        ),
    )
    html = get_html(client, guide)
    # Rich text is HTML by design (the editor's converter whitelists it): the test's rich text
    # carries the script as escaped text. Every other field is plain text.
    assert "<script>alert" not in html
    assert "</script>alert" not in html
    for text in (
        "Titel",
        "Zusammenfassung",
        "Thema",
        "Verein",
        "Beschreibung",
        "Straße",
        "Stadt",
        "Notiz",
        "Zugang",
        "Dokument",
        "Links",
        "Frage 0",
        "Link 0",
        "Beschreibung 0",
        "Helfen Sie mit",
        "Einleitung",
        "Antwort 0",
    ):
        assert f"{text} &lt;script&gt;alert(1)&lt;/script&gt;" in html, text
    (article,) = json_ld(html)
    assert article["headline"] == f"Titel {SCRIPT}"
    assert article["mentions"][0]["name"] == f"Verein {SCRIPT}"


def test_javascript_urls_never_become_links(client):
    organisation = make_organisation(website="javascript:alert(1)")
    body = guide_body(organisations=[organisation])
    body[2][1][0]["value"]["url"] = "javascript:alert(2)"
    guide = make_guide(make_index(), body=body)
    html = get_html(client, guide)
    assert "javascript:" not in html.split('<script type="application/ld+json">')[0]


# -- queries --------------------------------------------------------------------------------


def test_the_guide_page_takes_as_many_queries_for_30_items_as_for_3(client):
    index = make_index()
    directory = make_directory()
    document = factories.document(title="Merkblatt Anmeldung")
    topic = make_topic()
    organisations = [make_organisation(f"Organisation {n}", topics=[topic]) for n in range(30)]

    def guide(count):
        return make_guide(
            index,
            topic=topic,
            body=guide_body(
                count,
                organisations=organisations[:count],
                document=document,
                cta_page=directory,
            ),
        )

    small, large = guide(3), guide(30)
    count_queries(client, small.url)  # warm caches that are per process, not per page
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    html = get_html(client, large)
    assert html.count('class="wi-card__name"') == 30
    assert html.count('<details class="wi-faq__item">') == 30
    print(f"guide page queries: 3 items {small_count}, 30 items {large_count}")
    assert large_count == small_count, (small_count, large_count)


def test_a_translated_guide_takes_as_many_queries_for_10_calls_to_action_as_for_1(client):
    index = make_index()
    # Every call to action its own page; the English guide links to the English translations
    # of the even ones and to the German sources of the odd ones.
    targets = [factories.plain_page(title=f"Formular {n}") for n in range(10)]
    english_targets = {n: factories.translate_page(targets[n], "en") for n in range(0, 10, 2)}

    def english_guide(count):
        guide = make_guide(index, body=[cta_block(page) for page in targets[:count]])
        return factories.translate_page(guide, "en")

    small, large = english_guide(1), english_guide(10)
    count_queries(client, small.url)  # warm caches that are per process, not per page
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)

    expected = [
        (english_targets[n].url, "", "Mitmachen")
        if n in english_targets
        else (targets[n].url, "de", "Mitmachen")
        for n in range(10)
    ]
    assert cta_buttons(get_html(client, large)) == expected
    print(f"translated guide queries: 1 call to action {small_count}, 10 {large_count}")
    assert large_count == small_count, (small_count, large_count)


# -- events in a guide -----------------------------------------------------------------------


def make_event_series(count, first_date=datetime.date(2027, 3, 2), slug="veranstaltungen"):
    """An event index with ``count`` published monthly series (first Tuesday, 19:00 Berlin),
    their 2027 dates materialised; the first series has a note on 2 March 2027."""
    index = factories.event_index(slug=slug)
    utc = datetime.UTC
    bounds = (datetime.datetime(2027, 1, 1, tzinfo=utc), datetime.datetime(2028, 1, 1, tzinfo=utc))
    series = [
        factories.series(
            index,
            f"Stammtisch {n}",
            summary="Austausch und Vernetzung.",
            first_date=first_date,
            overrides=[{"date": first_date, "note": "Vortrag: Anerkennung"}] if n == 0 else (),
            materialise=bounds,
        )
        for n in range(count)
    ]
    return index, series


def event_guide(index, series, events_index):
    return make_guide(
        index,
        title=f"Ehrenamt {series.pk}",
        body=[
            ("heading", "Nächster Stammtisch"),
            ("next_stammtisch", {"series": series.pk, "heading": ""}),
            (
                "upcoming_events",
                {"heading": "Termine", "count": 20, "index": events_index.pk, "category": ""},
            ),
        ],
    )


@pytest.fixture
def before_march_2027(monkeypatch):
    from django.utils import timezone

    now = datetime.datetime(2027, 2, 15, 11, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)


def test_a_guide_shows_the_next_stammtisch_and_the_upcoming_events(client, before_march_2027):
    events_index, (stammtisch, other) = make_event_series(2)
    guide = event_guide(make_index(), stammtisch, events_index)

    html = get_html(client, guide)

    # Below the guide's own heading, the blocks' headings are one level down.
    assert '<h3 class="wi-event-block__heading"><span>Stammtisch 0</span></h3>' in html
    assert '<h3 class="wi-event-block__heading">Termine</h3>' in html
    assert html.count('<time datetime="2027-03-02T19:00:00+01:00">') == 3  # next, and upcoming
    assert '<p class="wi-event__note">Vortrag: Anerkennung</p>' in html
    assert f'href="{other.url}"' in html
    assert f'href="{events_index.url}"' in html
    assert heading_levels(html)[:3] == [1, 2, 3]


def test_a_guide_with_event_blocks_takes_as_many_queries_for_30_series_as_for_3(
    client, before_march_2027
):
    events_index, series = make_event_series(3)
    guides = make_index()
    small = event_guide(guides, series[0], events_index)
    count_queries(client, small.url)  # warm caches that are per process, not per page
    small_count = count_queries(client, small.url)
    plain = make_guide(guides, title="Ohne Termine", body=[("heading", "Nächster Stammtisch")])
    count_queries(client, plain.url)
    plain_count = count_queries(client, plain.url)

    more_index, more = make_event_series(30, slug="mehr-veranstaltungen")
    large = event_guide(guides, more[0], more_index)
    large_count = count_queries(client, large.url)

    assert get_html(client, large).count('<article class="wi-event') == 21  # 1 + 20
    print(f"guide queries: no events {plain_count}, 3 series {small_count}, 30 {large_count}")
    assert large_count == small_count
    assert small_count - plain_count <= 20  # each block: at most ten, whatever it shows


# -- template filters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("(0261) 129-0", "02611290"),
        ("+49 261 129-0", "+492611290"),
        ("0261/1291234", "02611291234"),
    ],
)
def test_a_phone_number_becomes_the_digits_of_a_tel_link(written, href):
    assert integration_tags.wi_tel(written) == href


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("http://[::1", ""),
        ("", ""),
    ],
)
def test_only_http_urls_are_used_as_links(url, safe):
    assert integration_tags.wi_http_url(url) == safe


def test_a_language_name_is_marked_with_its_language_and_direction():
    assert integration_tags.wi_language("fa") == '<span lang="fa" dir="rtl">فارسی</span>'
    assert integration_tags.wi_language("uk") == '<span lang="uk" dir="ltr">Українська</span>'
    # Django does not know Tigrinya's direction: the browser looks at the text.
    assert integration_tags.wi_language("ti") == '<span lang="ti" dir="auto">ትግርኛ</span>'
