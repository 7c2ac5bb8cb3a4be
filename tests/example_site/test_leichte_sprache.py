"""Leichte Sprache (``de-x-ls``): a content locale of the example site, its interface German."""

import html
import re
from pathlib import Path

import pytest
from django.conf.locale import LANG_INFO
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, gettext
from wagtail.models import Locale, Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.libretranslate import LibreTranslator
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from wagtail_integration.languages import (
    LEICHTE_SPRACHE,
    allows_machine_translation,
    base_language,
    language_name,
    register_language_info,
)

CSS = Path(__file__).resolve().parents[2] / (
    "wagtail_integration/static/wagtail_integration/css/integration.css"
)
DEMO_PAGES = [
    "/de-x-ls/mitmachen/",
    "/de-x-ls/themen/beratungsstellen/",
    "/de-x-ls/themen/deutsch-lernen/",
    "/de-x-ls/themen/ehrenamt/",
]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# -- the language ---------------------------------------------------------------------------


def test_django_knows_its_name_and_direction_and_does_not_take_it_for_german():
    info = get_language_info(LEICHTE_SPRACHE)
    assert info["code"] == "de-x-ls"
    assert info["name_local"] == "Leichte Sprache"
    assert info["bidi"] is False
    with translation.override("de"):
        assert str(info["name_translated"]) != "Deutsch"


def test_a_sites_own_language_info_is_kept():
    own = {"bidi": False, "code": "de-x-ls", "name": "Plain", "name_local": "Einfach"}
    saved = LANG_INFO[LEICHTE_SPRACHE]
    LANG_INFO[LEICHTE_SPRACHE] = own
    try:
        register_language_info()
        assert LANG_INFO[LEICHTE_SPRACHE] is own
    finally:
        LANG_INFO[LEICHTE_SPRACHE] = saved


def test_it_is_german_named_leichte_sprache_and_no_machine_writes_it():
    assert base_language("de-x-ls") == "de"
    assert base_language("ar") == "ar"
    assert language_name("de-x-ls") == "Leichte Sprache"
    assert not allows_machine_translation("de", "de-x-ls")
    assert not allows_machine_translation("en", "de-x-ls")
    assert not allows_machine_translation("de-x-ls", "en")
    assert allows_machine_translation("de", "ar")


@pytest.mark.parametrize("language_code", ["de", "en"])
def test_interface_strings_fall_back_to_german_without_a_catalog_of_their_own(language_code):
    # gettext looks for de_X-ls, then for de: the German catalogs of Django, the package and
    # the site answer, whatever the site's default language (English would be Django's own
    # fallback for a language without a catalog).
    with override_settings(LANGUAGE_CODE=language_code), translation.override("de-x-ls"):
        assert gettext("Skip to content") == "Zum Inhalt springen"  # the example site's
        assert gettext("Language") == "Sprache"  # the package's
        assert gettext("This field is required.") == "Dieses Feld muss ausgefüllt werden."
    assert not list(Path(__file__).resolve().parents[2].glob("*/locale/de*x*"))


def test_the_styles_of_leichte_sprache_are_scoped_to_its_language():
    css = CSS.read_text(encoding="utf-8")
    section = css.split("Leichte Sprache (easy-to-read German)", 1)[1]
    assert ":lang(de-x-ls)" in section
    assert "hyphens: none" in section
    assert "line-height: 1.7" in section
    assert "white-space: pre-line" in section


# -- the demo -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_the_form_and_three_guides_in_leichte_sprache(demo):
    pages = Page.objects.live().filter(locale__language_code="de-x-ls")
    slugs = set(pages.values_list("slug", flat=True))
    assert {"mitmachen", "beratungsstellen", "deutsch-lernen", "ehrenamt"} <= slugs


@pytest.mark.django_db
@pytest.mark.parametrize("url", DEMO_PAGES)
def test_a_leichte_sprache_page_says_its_language_and_has_a_german_interface(demo, client, url):
    html = get(client, url)
    assert '<html lang="de-x-ls" dir="ltr">' in html
    assert '<main id="main" lang="de-x-ls" dir="ltr">' in html
    assert "Zum Inhalt springen" in html
    assert "<br/>" in html or "\n" in html  # one sentence a line


@pytest.mark.django_db
def test_the_form_page_is_written_in_leichte_sprache_and_marked_as_a_sample(demo, client):
    html = get(client, "/de-x-ls/mitmachen/")
    assert "Sie möchten Menschen in Koblenz helfen?" in html
    assert "Diese Seite ist nur ein Beispiel." in html
    assert 'class="wi-form' in html  # the form itself, its labels German


@pytest.mark.django_db
def test_the_switcher_calls_it_leichte_sprache(demo, client):
    html = get(client, "/de/themen/ehrenamt/")
    nav = re.search(r'<nav class="site-languages"[^>]*>(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r"<a ([^>]*)>([^<]*)</a>", nav)
    assert links == [
        (
            'href="/de/themen/ehrenamt/" lang="de" hreflang="de" dir="ltr" aria-current="page"',
            "Deutsch",
        ),
        (
            'href="/de-x-ls/themen/ehrenamt/" lang="de-x-ls" hreflang="de-x-ls" dir="ltr"',
            "Leichte Sprache",
        ),
    ]


@pytest.mark.django_db
def test_search_engines_are_not_told_of_leichte_sprache(demo, client):
    german = get(client, "/de/themen/deutsch-lernen/")
    announced = re.findall(r'<link rel="alternate" hreflang="([^"]+)"', german)
    assert announced == ["de", "en", "ar", "x-default"]
    assert "de-x-ls" in german  # it is in the switcher all the same
    assert 'rel="alternate"' not in get(client, "/de-x-ls/themen/deutsch-lernen/")
    # German and Leichte Sprache only: nothing to announce.
    assert 'rel="alternate"' not in get(client, "/de/themen/ehrenamt/")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["de-x-ls", "DE-X-LS"])
def test_the_api_serves_leichte_sprache(demo, client, value):
    response = client.get("/api/integration/v1/topics", {"locale": value, "limit": 50})
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    own = {item["title"] for item in items if item["locale"] == "de-x-ls"}
    assert "Deutsch lernen" in own
    assert not any(item["fallback"] for item in items if item["locale"] == "de-x-ls")
    assert all(item["fallback"] for item in items if item["locale"] == "de")


@pytest.mark.django_db
def test_the_api_form_list_has_the_form_in_leichte_sprache(demo, client):
    response = client.get("/api/integration/v1/forms", {"locale": "de-x-ls"})
    assert response.status_code == 200
    forms = {item["title"]: item["locale"] for item in response.json()["items"]}
    assert forms.get("Mitmachen") == "de-x-ls"


# -- machine translation ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "translator",
    [
        get_machine_translator,
        lambda: LibreTranslator({"LIBRETRANSLATE_URL": "http://127.0.0.1:9"}),
        lambda: DeepLTranslator({"AUTH_KEY": "test"}),
    ],
    ids=["configured", "libretranslate", "deepl"],
)
def test_wagtail_localizes_translators_do_not_offer_german_into_leichte_sprache(translator):
    german = Locale.objects.get_or_create(language_code="de")[0]
    easy = Locale.objects.get_or_create(language_code="de-x-ls")[0]
    english = Locale.objects.get_or_create(language_code="en")[0]
    assert not translator().can_translate(german, easy)
    assert translator().can_translate(german, english)


@pytest.mark.django_db
def test_the_editor_gets_no_machine_translation_of_a_leichte_sprache_page(demo, client):
    user = get_user_model().objects.create_superuser("redaktion", "r@example.org", "pw")
    client.force_login(user)
    page = Page.objects.get(locale__language_code="de", slug="mitmachen").specific
    source = TranslationSource.objects.get_for_instance(page)
    translation_ = Translation.objects.get(source=source, target_locale__language_code="de-x-ls")
    editor = client.get(f"/admin/pages/{page.get_translation(translation_.target_locale).pk}/edit/")
    assert editor.status_code == 200
    assert '"machineTranslator": null' in html.unescape(editor.content.decode())
    with translation.override("de"):
        url = reverse("wagtail_localize:machine_translate", args=[translation_.pk])
    # The view refuses with a 404 (which LocaleMiddleware, finding no page either, passes on
    # as a redirect to a language-prefixed address that is not found either).
    refused = client.post(url, follow=True)
    assert refused.status_code == 404
    made = StringTranslation.objects.filter(
        locale=translation_.target_locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    assert not made.exists()
