"""The language switcher and the hreflang alternates a host site's templates get from the package:
``wi_language_versions``, ``wi_language_switcher`` and ``wi_language_alternates``."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from tests.factories.core import plain_page, translate_page

pytestmark = pytest.mark.django_db

TAGS = "{% load integration_tags %}{% wi_language_switcher %}{% wi_language_alternates %}"
ALL_OTHER_LANGUAGES = ["en", "ar", "uk", "tr", "ru", "fa", "de-x-ls"]


def render(page, template=TAGS, request=None):
    """``template`` rendered for ``page`` as a page view renders its template."""
    request = request or RequestFactory().get("/")
    return Template(template).render(Context({"page": page, "request": request}))


def switcher_links(html):
    """(attributes, text) of each link of the switcher."""
    nav = re.search(r'<nav class="wi-languages" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert nav, html
    return re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(1))


def alternates(html):
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)


@pytest.fixture
def german():
    return plain_page(title="Mitmachen")


def fresh(page):
    """``page`` read again: the versions are kept on the page object for one request."""
    return Page.objects.get(pk=page.pk)


def test_the_switcher_names_each_language_of_the_page_in_its_own_script_with_lang_and_dir(
    german,
):
    english = translate_page(german, "en", title="Get involved", slug="get-involved")
    arabic = translate_page(german, "ar", title="شارك معنا", slug="sharik")
    links = switcher_links(render(fresh(arabic)))
    assert links == [
        (f'href="{german.url}" lang="de" hreflang="de" dir="ltr"', "Deutsch"),
        (f'href="{english.url}" lang="en" hreflang="en" dir="ltr"', "English"),
        (f'href="{arabic.url}" lang="ar" hreflang="ar" dir="rtl" aria-current="page"', "العربية"),
    ]


def test_the_switcher_is_a_nav_labelled_in_the_visitors_language(german):
    translate_page(german, "en")
    assert '<nav class="wi-languages" aria-label="Sprachen">' in render(fresh(german))


def test_a_page_in_one_language_has_neither_a_switcher_nor_alternates(german):
    html = render(fresh(german))
    assert "<nav" not in html
    assert "<link" not in html
    assert html.strip() == ""


def test_a_draft_translation_is_not_offered(german):
    translate_page(german, "en", publish=False)
    translate_page(german, "ar")
    names = [text for _attrs, text in switcher_links(render(fresh(german)))]
    assert names == ["Deutsch", "العربية"]


def test_a_page_seen_in_preview_before_it_is_live_is_the_current_one(german):
    english = translate_page(german, "en", publish=False)
    links = switcher_links(render(fresh(english)))
    assert [text for attrs, text in links if "aria-current" in attrs] == ["English"]


def test_the_host_site_names_the_nav_with_its_own_class(german):
    translate_page(german, "en")
    html = render(
        fresh(german), "{% load integration_tags %}{% wi_language_switcher css_class='x-langs' %}"
    )
    assert '<nav class="x-langs" aria-label=' in html


def test_the_versions_are_available_for_a_host_sites_own_markup(german):
    translate_page(german, "ar", slug="sharik")
    html = render(
        fresh(german),
        "{% load integration_tags %}{% wi_language_versions as versions %}"
        "{% for v in versions %}[{{ v.code }} {{ v.direction }} {{ v.current }}]{% endfor %}",
    )
    assert html == "[de ltr True][ar rtl False]"


def test_no_page_or_a_list_views_page_gets_no_switcher():
    assert Template(TAGS).render(Context({})).strip() == ""
    assert Template(TAGS).render(Context({"page": object()})).strip() == ""


def test_the_head_announces_each_language_and_the_german_source_as_x_default(german):
    translate_page(german, "en", slug="get-involved")
    translate_page(german, "ar", slug="sharik")
    german = fresh(german)
    found = alternates(render(german))
    versions = {
        page.locale.language_code: page.full_url
        for page in german.get_translations(inclusive=True).select_related("locale")
    }
    assert found == [
        ("de", versions["de"]),
        ("en", versions["en"]),
        ("ar", versions["ar"]),
        ("x-default", versions["de"]),
    ]
    assert all(url.startswith("http") for _code, url in found)


def test_versions_and_alternates_cost_one_query_whatever_the_number_of_languages(german):
    two = plain_page(title="Zwei Sprachen")
    translate_page(two, "en")
    translate_page(two, "ar")
    for language in ALL_OTHER_LANGUAGES:
        translate_page(german, language)
    render(fresh(two))  # fills Wagtail's cache of the site's root paths

    def queries(page):
        page = fresh(page)
        request = RequestFactory().get("/")
        Site.find_for_request(request)  # as serving the page did
        with CaptureQueriesContext(connection) as captured:
            html = render(page, request=request)
        assert "<nav" in html and "<link" in html
        return len(captured.captured_queries)

    assert queries(german) == queries(two) == 1
