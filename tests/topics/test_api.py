"""``GET topics`` and ``GET topics/{id}`` (wagtail_integration/topics/api.py), with the shared
``locale`` handling of wagtail_integration/api/locale.py and api/richtext.py."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"
DE_INVALID = "Die Anfrage ist ungültig. Die Fehlermeldungen nennen jedes Feld, das korrigiert"


@pytest.fixture
def health():
    return factories.topic(slug="gesundheit", name="Gesundheit", sort_order=7)


@pytest.fixture
def index():
    return factories.topic_index()


def rich_link(page, text="hier"):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def test_the_list_gives_each_live_guide_with_its_fields(client, index, health):
    guide = factories.guide(index, title="Gesundheit", topic=health, summary="Ärzte finden.")

    response = client.get(f"{API}/topics")

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": guide.pk,
                "title": "Gesundheit",
                "slug": guide.slug,
                "summary": "Ärzte finden.",
                "topic": {"id": health.pk, "slug": "gesundheit", "name": "Gesundheit"},
                "url": guide.get_full_url(),
                "last_reviewed": "2026-01-15",
                "locale": "de",
                "fallback": False,
                "translations": {"de": {"id": guide.pk, "url": guide.get_full_url()}},
            }
        ],
    }


def test_drafts_and_private_guides_are_not_listed(client, index):
    shown = factories.guide(index)
    factories.guide(index, live=False)
    private = factories.guide(index)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    items = client.get(f"{API}/topics").json()["items"]

    assert [item["id"] for item in items] == [shown.pk]


def test_guides_are_ordered_by_topic_then_title_those_without_topic_last(client, index):
    first, second = factories.topic(sort_order=1), factories.topic(sort_order=2)
    factories.guide(index, title="B", topic=second)
    factories.guide(index, title="Y")
    factories.guide(index, title="Z", topic=first)
    factories.guide(index, title="A", topic=second)

    titles = [item["title"] for item in client.get(f"{API}/topics").json()["items"]]

    assert titles == ["Z", "A", "B", "Y"]


def test_the_list_pages_with_limit_and_offset(client, index):
    for title in "ABCDE":
        factories.guide(index, title=title)

    body = client.get(f"{API}/topics?limit=2&offset=2").json()

    assert body["count"] == 5
    assert [item["title"] for item in body["items"]] == ["C", "D"]


def test_the_topic_filter_keeps_the_guides_of_that_topic(client, index, health):
    kept = factories.guide(index, topic=health)
    factories.guide(index, topic=factories.topic(slug="sprache"))
    factories.guide(index)

    items = client.get(f"{API}/topics?topic=gesundheit").json()["items"]

    assert [item["id"] for item in items] == [kept.pk]


def test_an_unknown_topic_is_a_400_naming_the_parameter(client, health):
    response = client.get(f"{API}/topics?topic=astrologie", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request is not valid. The errors name each field to correct.",
        "errors": {"topic": ["There is no topic “astrologie”. Use one of: gesundheit."]},
    }


def test_an_unknown_topic_is_explained_in_german_to_a_german_visitor(client, health):
    response = client.get(f"{API}/topics?topic=astrologie", HTTP_ACCEPT_LANGUAGE="de")

    body = response.json()
    assert response.status_code == 400
    assert body["detail"].startswith(DE_INVALID)
    with translation.override("de"):
        expected = gettext("There is no topic “%(value)s”. Use one of: %(choices)s.") % {
            "value": "astrologie",
            "choices": "gesundheit",
        }
    assert body["errors"] == {"topic": [expected]}


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_unknown_locale_is_a_400_naming_locale_in_the_visitors_language(client, language):
    response = client.get(f"{API}/topics?locale=xx", HTTP_ACCEPT_LANGUAGE=language)

    body = response.json()
    assert response.status_code == 400
    assert list(body["errors"]) == ["locale"]
    with translation.override(language):
        expected = gettext(
            "“%(value)s” is not a language of this site. Use one of: %(languages)s."
        ) % {"value": "xx", "languages": "de, en, ar, uk, tr, ru, fa, de-x-ls"}
    assert body["errors"]["locale"] == [expected]
    if language == "de":
        assert body["detail"].startswith(DE_INVALID)


def test_a_valid_locale_sets_the_language_of_the_error_messages(client, health):
    response = client.get(f"{API}/topics?locale=en&topic=astrologie", HTTP_ACCEPT_LANGUAGE="de")

    assert response.json()["detail"] == (
        "The request is not valid. The errors name each field to correct."
    )


def test_a_published_translation_is_given_in_the_requested_locale(client, index, health):
    guide = factories.guide(index, title="Gesundheit", topic=health)
    english = factories.translate_page(guide, "en", title="Health")
    factories.translate_snippet(health, "en", name="Health topics")

    items = client.get(f"{API}/topics?locale=en").json()["items"]

    assert [(i["id"], i["title"], i["locale"], i["fallback"]) for i in items] == [
        (english.pk, "Health", "en", False)
    ]
    assert items[0]["topic"]["name"] == "Health topics"
    assert items[0]["url"] == english.get_full_url()
    assert "/en/" in items[0]["url"]


def test_a_guide_without_translation_comes_in_german_marked_as_fallback(client, index, health):
    guide = factories.guide(index, title="Gesundheit", topic=health)
    factories.translate_snippet(health, "ar", name="الصحة")

    items = client.get(f"{API}/topics?locale=ar").json()["items"]

    assert [(i["id"], i["title"], i["locale"], i["fallback"]) for i in items] == [
        (guide.pk, "Gesundheit", "de", True)
    ]
    # The topic is translated even where the guide is not.
    assert items[0]["topic"]["name"] == "الصحة"


def test_a_draft_translation_does_not_hide_the_german_source(client, index):
    guide = factories.guide(index, title="Gesundheit")
    factories.translate_page(guide, "en", publish=False, title="Health")

    items = client.get(f"{API}/topics?locale=en").json()["items"]

    assert [(i["id"], i["fallback"]) for i in items] == [(guide.pk, True)]


def test_without_locale_the_visitors_language_is_used(client, index):
    guide = factories.guide(index, title="Gesundheit")
    factories.translate_page(guide, "en", title="Health")

    english = client.get(f"{API}/topics", HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    german = client.get(f"{API}/topics", HTTP_ACCEPT_LANGUAGE="de").json()["items"]
    other = client.get(f"{API}/topics", HTTP_ACCEPT_LANGUAGE="ja").json()["items"]

    assert [i["title"] for i in english] == ["Health"]
    assert [i["title"] for i in german] == ["Gesundheit"]
    assert [(i["title"], i["fallback"]) for i in other] == [("Gesundheit", False)]


def test_a_regional_variant_of_a_locale_is_accepted(client, index):
    guide = factories.guide(index, title="Gesundheit")
    factories.translate_page(guide, "en", title="Health")

    items = client.get(f"{API}/topics?locale=en-GB").json()["items"]

    assert [(i["title"], i["locale"]) for i in items] == [("Health", "en")]


def test_the_detail_of_any_language_version_answers_the_requested_locale(client, index):
    guide = factories.guide(index, title="Gesundheit")
    english = factories.translate_page(guide, "en", title="Health")

    from_german = client.get(f"{API}/topics/{guide.pk}?locale=en").json()
    from_english = client.get(f"{API}/topics/{english.pk}?locale=de").json()
    fallback = client.get(f"{API}/topics/{english.pk}?locale=uk").json()

    assert (from_german["id"], from_german["title"], from_german["fallback"]) == (
        english.pk,
        "Health",
        False,
    )
    assert (from_english["id"], from_english["title"]) == (guide.pk, "Gesundheit")
    assert (fallback["id"], fallback["locale"], fallback["fallback"]) == (guide.pk, "de", True)


@pytest.mark.parametrize("state", ["missing", "draft", "private"])
def test_the_detail_of_a_guide_that_is_not_live_and_public_is_a_404(client, index, state):
    guide = factories.guide(index, live=state != "draft")
    if state == "private":
        PageViewRestriction.objects.create(page=guide, restriction_type="password", password="x")
    guide_id = guide.pk + 1000 if state == "missing" else guide.pk

    response = client.get(f"{API}/topics/{guide_id}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_the_body_comes_as_typed_blocks_with_everything_resolved(client, index, health):
    form_page = factories.plain_page(title="Mitmachen")
    org = factories.organisation(
        name="Caritas", topics=[health], languages=["de", "ar"], latitude=50.35, longitude=7.59
    )
    doc = factories.document(title="Merkblatt")
    guide = factories.guide(
        index,
        topic=health,
        body=[
            ("heading", "Beratung"),
            ("text", f"<p>Siehe {rich_link(form_page, 'Formular')}.</p>"),
            (
                "links",
                [
                    {
                        "url": "https://example.org/",
                        "title": "Beispiel",
                        "description": "Ein Link",
                        "languages": ["de", "ar"],
                    }
                ],
            ),
            ("contact", org.pk),
            ("faq", [{"question": "Kostet es?", "answer": "<p>Nein.</p>"}]),
            ("call_to_action", {"text": "Helfen", "page": form_page.pk, "button_label": "Los"}),
            ("downloads", [doc.pk]),
        ],
    )

    body = client.get(f"{API}/topics/{guide.pk}").json()["body"]

    assert [block["type"] for block in body] == [
        "heading",
        "text",
        "links",
        "contact",
        "faq",
        "call_to_action",
        "downloads",
    ]
    assert all(block["id"] for block in body)
    heading, text, links, contact, faq, call, downloads = (block["value"] for block in body)
    assert heading == "Beratung"
    assert text == f'<p>Siehe <a href="{form_page.get_full_url()}">Formular</a>.</p>'
    assert links == [
        {
            "url": "https://example.org/",
            "title": "Beispiel",
            "description": "Ein Link",
            "languages": [{"code": "de", "name": "Deutsch"}, {"code": "ar", "name": "العربية"}],
        }
    ]
    assert contact["id"] == org.pk
    assert contact["name"] == "Caritas"
    assert contact["coordinates"] == {"latitude": 50.35, "longitude": 7.59}
    assert contact["opening_hours"] == [{"weekday": 1, "opens": "09:00:00", "closes": "12:00:00"}]
    assert contact["topics"] == [{"id": health.pk, "slug": "gesundheit", "name": "Gesundheit"}]
    assert (contact["locale"], contact["fallback"]) == ("de", False)
    assert faq == [{"question": "Kostet es?", "answer": "<p>Nein.</p>"}]
    assert call == {
        "text": "Helfen",
        "button_label": "Los",
        "page": {"id": form_page.pk, "title": "Mitmachen", "url": form_page.get_full_url()},
    }
    assert downloads == [
        {
            "id": doc.pk,
            "title": "Merkblatt",
            "url": f"http://testserver{doc.url}",
            "file_extension": "pdf",
        }
    ]


def test_links_and_contacts_of_a_translated_guide_lead_to_the_translations(client, index):
    linked = factories.plain_page(title="Formular")
    linked_en = factories.translate_page(linked, "en", title="Form")
    org = factories.organisation(name="Caritas")
    factories.translate_snippet(org, "en", name="Caritas (English)")
    untranslated = factories.organisation(name="Tafel")
    guide = factories.guide(
        index,
        body=[
            ("text", f"<p>{rich_link(linked)}</p>"),
            ("contact", org.pk),
            ("contact", untranslated.pk),
            ("call_to_action", {"text": "Helfen", "page": linked.pk, "button_label": "Los"}),
        ],
    )
    # copy_for_translation keeps the German ids in the body, as an editor's copy would.
    factories.translate_page(guide, "en", title="Guide")

    body = client.get(f"{API}/topics/{guide.pk}?locale=en").json()["body"]

    text, translated_card, german_card, call = (block["value"] for block in body)
    assert text == f'<p><a href="{linked_en.get_full_url()}">hier</a></p>'
    assert "/en/" in linked_en.get_full_url()
    assert (translated_card["name"], translated_card["locale"], translated_card["fallback"]) == (
        "Caritas (English)",
        "en",
        False,
    )
    assert (german_card["name"], german_card["locale"], german_card["fallback"]) == (
        "Tafel",
        "de",
        True,
    )
    assert call["page"] == {"id": linked_en.pk, "title": "Form", "url": linked_en.get_full_url()}


@pytest.mark.parametrize("requested", ["de", "en", "ar"])
def test_the_call_to_action_leads_to_the_volunteer_form_in_the_requested_locale(
    client, index, requested
):
    german_form = factories.volunteer_form_page()
    english_form = factories.translate_page(german_form, "en", title="Get involved")
    call = {"text": "Helfen", "page": german_form.pk, "button_label": "Los"}
    guide = factories.guide(index, body=[("call_to_action", call)])
    english = factories.translate_page(guide, "en", title="Advice")
    factories.translate_page(guide, "ar", title="استشارة")
    # No Arabic form: the Arabic guide leads to the German one, like the guide's HTML page.
    form = english_form if requested == "en" else german_form

    for version in (guide, english):
        answer = client.get(f"{API}/topics/{version.pk}?locale={requested}").json()
        (call,) = answer["body"]
        assert answer["locale"] == requested
        assert call["value"]["page"] == {
            "id": form.pk,
            "title": form.title,
            "url": form.get_full_url(),
        }
    assert "/en/" in english_form.get_full_url() and "/de/" in german_form.get_full_url()


def test_blocks_pointing_to_what_is_gone_or_hidden_are_left_out(client, index):
    draft = factories.plain_page()
    draft.unpublish()
    restricted = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type="password", password="x"
    )
    hidden_doc, shown_doc = factories.document(), factories.document()
    hidden_doc.collection = restricted
    hidden_doc.save()
    org = factories.organisation()
    guide = factories.guide(
        index,
        body=[
            ("call_to_action", {"text": "Helfen", "page": draft.pk, "button_label": "Los"}),
            ("contact", org.pk),
            ("downloads", [hidden_doc.pk, shown_doc.pk]),
            ("text", f"<p>{rich_link(draft, 'alt')}</p>"),
        ],
    )
    org.delete()

    body = client.get(f"{API}/topics/{guide.pk}").json()["body"]

    assert [block["type"] for block in body] == ["downloads", "text"]
    assert [doc["id"] for doc in body[0]["value"]] == [shown_doc.pk]
    assert body[1]["value"] == "<p><a>alt</a></p>"


def guide_with_units(index, units):
    """A guide whose body repeats, ``units`` times, one block of each type with its own targets."""
    body = []
    for number in range(units):
        topic = factories.topic()
        org = factories.organisation(topics=[topic], languages=["de", "ar", "en"])
        factories.translate_snippet(org, "en", name=f"Organisation {number}")
        page = factories.plain_page()
        factories.translate_page(page, "en")
        body += [
            ("heading", f"Abschnitt {number}"),
            ("text", f"<p>{rich_link(page)} {rich_link(factories.plain_page())}</p>"),
            ("links", [{"url": "https://example.org/", "title": "x", "languages": ["ar"]}] * 3),
            ("contact", org.pk),
            ("faq", [{"question": "?", "answer": f"<p>{rich_link(page)}</p>"}] * 2),
            ("call_to_action", {"text": "Los", "page": page.pk, "button_label": "Los"}),
            ("downloads", [factories.document().pk, factories.document().pk]),
        ]
    return factories.guide(index, body=body)


def count_queries(client, url):
    """Queries of a GET of ``url``, measured on the second request (caches warm)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("locale", ["de", "en"])
def test_the_detail_takes_as_many_queries_for_30_of_each_block_as_for_3(client, index, locale):
    small, large = guide_with_units(index, 3), guide_with_units(index, 30)
    cache.clear()

    small_count, small_body = count_queries(client, f"{API}/topics/{small.pk}?locale={locale}")
    large_count, large_body = count_queries(client, f"{API}/topics/{large.pk}?locale={locale}")

    assert len(large_body["body"]) == 10 * len(small_body["body"]) == 210
    assert large_count == small_count, f"3 units: {small_count} queries, 30: {large_count}"


def test_the_list_takes_as_many_queries_for_30_guides_as_for_3(client, index):
    topics = [factories.topic() for _ in range(30)]
    for number, topic in enumerate(topics):
        guide = factories.guide(index, topic=topic)
        if number % 2:
            factories.translate_page(guide, "en")
            factories.translate_snippet(topic, "en")

    small_count, small = count_queries(client, f"{API}/topics?locale=en&limit=3")
    large_count, large = count_queries(client, f"{API}/topics?locale=en&limit=30")

    assert (len(small["items"]), len(large["items"])) == (3, 30)
    assert large_count == small_count, f"3 guides: {small_count} queries, 30: {large_count}"


def test_a_configured_language_without_any_content_falls_back_to_german(client, index):
    guide = factories.guide(index, title="Gesundheit")

    items = client.get(f"{API}/topics?locale=fa").json()["items"]

    assert [(i["id"], i["locale"], i["fallback"]) for i in items] == [(guide.pk, "de", True)]


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]

    assert {f"{API}/topics", f"{API}/topics/{{id}}", f"{API}/organisations"} <= set(paths)
    parameters = {p["name"] for p in paths[f"{API}/topics"]["get"]["parameters"]}
    assert parameters == {"locale", "topic", "limit", "offset"}
