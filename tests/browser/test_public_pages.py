"""A visitor's guide, directory and search in a real browser: keyboard use and accessibility.

The axe-core checks (WCAG 2.1 A and AA rules) use the axe.min.js that the PyPI package
axe-playwright-python (a development dependency) ships, so nothing is downloaded at run time.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories
from tests.browser.support import AXE_TAGS, PHONE, check_by_hand, focus_by_tab
from tests.topics.support import (
    guide_body,
    make_directory,
    make_guide,
    make_index,
    make_organisation,
    make_topic,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ensure_default_site = factories.ensure_default_site


@pytest.fixture
def public_pages():
    """A guide with every block type, its Arabic translation, the index, a directory."""
    ensure_default_site()
    health = make_topic("gesundheit", "Gesundheit")
    organisations = [
        make_organisation("Caritas", topics=[health]),
        make_organisation("Gesundheitsamt", kind="authority", languages=["de"], topics=[health]),
        make_organisation("Sprachcafé", kind="initiative", languages=["de", "uk"]),
    ]
    index = make_index()
    directory = make_directory()
    guide = make_guide(
        index,
        title="Gesundheit",
        topic=health,
        body=guide_body(
            2,
            organisations=organisations[:2],
            document=factories.document(title="Merkblatt Krankenversicherung"),
            cta_page=directory,
        ),
    )
    arabic = factories.translate_page(guide, "ar", title="الصحة", summary="أين تجد المساعدة.")
    return {"guide": guide, "arabic": arabic, "index": index, "directory": directory}


def test_a_visitor_opens_and_closes_a_question_by_keyboard(live_server, browser_page, public_pages):
    page = browser_page
    page.goto(live_server.url + public_pages["guide"].url)
    check_by_hand(page, "de", "ltr")
    question = page.locator("summary.wi-faq__question").first
    answer = page.locator(".wi-faq__answer").first
    expect(answer).to_be_hidden()

    focus_by_tab(page, question)
    page.keyboard.press("Enter")
    expect(page.locator("details.wi-faq__item").first).to_have_attribute("open", "")
    expect(answer).to_be_visible()
    expect(answer).to_contain_text("Antwort 0 x")

    page.keyboard.press("Space")
    expect(answer).to_be_hidden()


def test_a_visitor_filters_the_directory_by_keyboard(live_server, browser_page, public_pages):
    page = browser_page
    page.goto(live_server.url + public_pages["directory"].url)
    check_by_hand(page, "de", "ltr")
    names = page.locator(".wi-card__name")
    expect(names).to_have_text(["Caritas", "Gesundheitsamt", "Sprachcafé"])

    page.locator("#wi-filter-topic").select_option("gesundheit")
    page.locator("#wi-filter-language").select_option("ar")
    focus_by_tab(page, page.locator(".wi-filters button[type=submit]"))
    page.keyboard.press("Enter")
    page.wait_for_url("**?topic=gesundheit&language=ar&kind=")
    expect(names).to_have_text(["Caritas"])
    expect(page.locator("#wi-filter-language")).to_have_value("ar")


def test_the_search_form_in_the_header_finds_the_guide(live_server, browser_page, public_pages):
    page = browser_page
    page.goto(live_server.url + public_pages["index"].url)
    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("Gesundheit")
    search.press("Enter")
    page.wait_for_url("**/de/search/?q=Gesundheit")
    check_by_hand(page, "de", "ltr")
    expect(page.locator(".wi-teaser__title").first).to_have_text("Gesundheit")


def test_an_arabic_guide_is_laid_out_right_to_left(live_server, browser_page, public_pages):
    page = browser_page
    page.goto(live_server.url + public_pages["arabic"].url)
    check_by_hand(page, "ar", "rtl")
    expect(page.locator("main")).to_have_attribute("dir", "rtl")
    # The card's accent border is on the inline start: the right edge in right-to-left.
    borders = page.locator(".wi-card").first.evaluate(
        "card => [getComputedStyle(card).borderRightWidth, getComputedStyle(card).borderLeftWidth]"
    )
    assert float(borders[0].removesuffix("px")) > float(borders[1].removesuffix("px"))


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_public_pages_pass_the_axe_core_wcag_21_aa_rules(
    live_server, browser_page, public_pages, viewport
):
    page = browser_page
    if viewport:
        page.set_viewport_size(viewport)
    urls = [
        public_pages["guide"].url,
        public_pages["arabic"].url,
        public_pages["index"].url,
        public_pages["directory"].url,
        public_pages["directory"].url + "?language=ar",
        "/de/search/?q=Gesundheit",
        "/ar/search/?q=Caritas",
    ]
    axe = Axe()
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        # An open disclosure shows the answer's text, so that its contrast is checked too.
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            failures[url] = results.generate_snapshot()
            for violation in results.response["violations"]:
                failures[url] += "\n" + "\n".join(
                    node["html"][:200] for node in violation["nodes"][:3]
                )
    assert failures == {}
