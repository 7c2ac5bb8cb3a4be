"""The honours pages and the nomination form in a real browser: keyboard use, focus, axe.

As in test_volunteer_form.py, the minimum fill time and the rate limit are off for the live
server, which runs in this process.
"""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.support import PHONE, axe_violations, check_by_hand, focus_by_tab
from wagtail_integration.honours.models import Nomination

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def honours(settings):
    """An index with recipients of two years (photos on two), its English version, a form."""
    settings.WAGTAIL_INTEGRATION = {
        **getattr(settings, "WAGTAIL_INTEGRATION", {}),
        "SUBMISSION_MIN_FILL_SECONDS": 0,
        "SUBMISSION_RATE_LIMIT": "",
    }
    factories.ensure_default_site()
    factories.integrationsehrennadel()
    index = factories.honour_index()
    erika = factories.honour_recipient(
        index,
        title="Erika Musterfrau",
        year=2025,
        photo=factories.image(colour="#00529c"),
        photo_alt="Eine Frau mit Urkunde im Rathaussaal",
        photo_credit="Stadt Beispiel",
    )
    factories.honour_recipient(
        index,
        title="Verein Beispiel e. V.",
        year=2025,
        is_group=True,
        photo=factories.image(colour="#1e6b3a"),
        photo_alt="Zehn Menschen vor dem Rathaus",
    )
    factories.honour_recipient(index, title="Max Mustermann", year=2024)
    english = factories.translate_page(index, "en", title="Honour recipients")
    form = factories.nomination_form_page()
    return {"index": index, "erika": erika, "english": english, "form": form}


def test_a_visitor_opens_a_recipient_from_the_gallery_by_keyboard(
    live_server, browser_page, honours
):
    page = browser_page
    page.goto(live_server.url + honours["index"].url + "?view=gallery")
    check_by_hand(page, "de", "ltr")
    expect(page.locator("main h2.wi-honours__year-heading")).to_have_text(["2025", "2024"])
    expect(page.locator(".wi-honour-card img").first).to_have_attribute(
        "alt", "Eine Frau mit Urkunde im Rathaussaal"
    )

    card = page.locator(".wi-honour-card__link").first
    focus_by_tab(page, card)
    # The focus is visible: an outline around the whole card.
    outline = card.evaluate("link => [getComputedStyle(link).outlineStyle, link.offsetHeight]")
    assert outline[0] != "none" and outline[1] > 100
    # One card is one stop: the next Tab goes to the next card.
    page.keyboard.press("Tab")
    expect(page.locator(".wi-honour-card__link").nth(1)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")

    page.wait_for_url("**" + honours["erika"].url)
    check_by_hand(page, "de", "ltr")
    expect(page.locator("main h1")).to_have_text("Erika Musterfrau")
    expect(page.locator("figure img")).to_have_attribute(
        "alt", "Eine Frau mit Urkunde im Rathaussaal"
    )
    back = page.locator(".wi-honour__back a")
    focus_by_tab(page, back)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + honours["index"].url)


def test_a_visitor_chooses_a_year_by_keyboard(live_server, browser_page, honours):
    page = browser_page
    page.goto(live_server.url + honours["index"].url)
    year = page.locator("#wi-filter-year")
    focus_by_tab(page, year)
    year.select_option("2024")
    focus_by_tab(page, page.locator(".wi-filters button[type=submit]"))
    page.keyboard.press("Enter")
    page.wait_for_url("**?year=2024")
    expect(page.locator("main h2.wi-honours__year-heading")).to_have_text(["2024"])
    expect(page.locator(".wi-honours__name")).to_have_text(["Max Mustermann"])


def test_a_nomination_is_sent_by_keyboard_after_the_missing_consent_is_pointed_out(
    live_server, browser_page, honours
):
    page = browser_page
    form = honours["form"]
    page.goto(live_server.url + form.url)
    check_by_hand(page, "de", "ltr")

    focus_by_tab(page, page.locator("#id_nominee_name"))
    page.keyboard.type("Nachbarschaftshilfe Muster")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # a group
    focus_by_tab(page, page.locator("#id_nominee_work"))
    page.keyboard.type("Kocht jeden Freitag mit Neuankommenden.")
    page.keyboard.press("Tab")
    page.keyboard.type("Weil dort Freundschaften entstehen.")
    page.keyboard.press("Tab")
    page.keyboard.type("Paula Probe")
    page.keyboard.press("Tab")
    page.keyboard.type("paula@example.org")
    focus_by_tab(page, page.locator("button.wi-button"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    summary = page.locator("#wi-form-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_consent")
    expect(page.locator("#id_nominee_work")).to_have_value(
        "Kocht jeden Freitag mit Neuankommenden."
    )
    assert axe_violations(page) == ""
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#id_consent")).to_be_focused()
    page.keyboard.press("Space")
    focus_by_tab(page, page.locator("button.wi-button"))
    page.keyboard.press("Enter")

    page.wait_for_url("**/thanks/")
    check_by_hand(page, "de", "ltr")
    assert axe_violations(page) == ""
    nomination = Nomination.objects.get()
    assert (nomination.nominee_name, nomination.nominee_is_group) == (
        "Nachbarschaftshilfe Muster",
        True,
    )
    assert nomination.email == "paula@example.org"


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_honours_pages_pass_the_axe_core_wcag_21_aa_rules(
    live_server, browser_page, honours, viewport
):
    page = browser_page
    if viewport:
        page.set_viewport_size(viewport)
    urls = [
        honours["index"].url,
        honours["index"].url + "?view=gallery",
        honours["index"].url + "?year=1999",
        honours["english"].url + "?view=gallery",
        honours["erika"].url,
        honours["form"].url,
    ]
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        if report := axe_violations(page):
            failures[url] = report
    assert failures == {}
