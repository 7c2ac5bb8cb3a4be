"""The volunteer form in a real browser: filled in by keyboard alone, errors, right-to-left, axe.

The live server runs in this process, so the settings fixture reaches it: the minimum fill time is
off (a keyboard script is faster than any person) and so is the rate limit (the tests of the whole
run send forms from the same address).
"""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.support import PHONE, axe_violations, check_by_hand, focus_by_tab
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form_pages(settings):
    """A German volunteer form offering two topics and two languages, and its Arabic translation."""
    settings.WAGTAIL_INTEGRATION = {
        **getattr(settings, "WAGTAIL_INTEGRATION", {}),
        "SUBMISSION_MIN_FILL_SECONDS": 0,
        "SUBMISSION_RATE_LIMIT": "",
    }
    factories.ensure_default_site()
    topics = [
        factories.topic(slug="sprache", name="Sprachpatenschaft"),
        factories.topic(slug="begleitung", name="Begleitung zu Ämtern"),
    ]
    german = factories.volunteer_form_page(topics=topics, languages=("de", "ar"))
    arabic = factories.translate_page(german, "ar", title="شارك معنا", slug="mitmachen-ar")
    return {"german": german, "arabic": arabic}


def tab_order(page, until, limit=120):
    """The ids (or names) of the elements that Tab reaches, in order, up to ``until``."""
    reached = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("() => document.activeElement.id || document.activeElement.name || ''")
        )
        if page.locator(until).evaluate("element => element === document.activeElement"):
            return reached
    pytest.fail(f"{until} never got the focus by Tab")


def type_into(page, selector, text):
    """Tab to the field and type ``text``, as a keyboard user does."""
    focus_by_tab(page, page.locator(selector))
    page.keyboard.type(text)


def test_a_volunteer_fills_in_the_form_by_keyboard_corrects_an_error_and_sends_it(
    live_server, browser_page, form_pages
):
    page = browser_page
    form_page = form_pages["german"]
    page.goto(live_server.url + form_page.url)
    check_by_hand(page, "de", "ltr")

    # The honeypot is never reached by Tab, and the consent box comes last before the button.
    order = tab_order(page, "button.wi-button")
    assert "id_homepage" not in order
    assert order.index("id_name") < order.index("id_email") < order.index("id_consent")
    assert order[-2:] == ["id_consent", ""]

    page.reload()
    type_into(page, "#id_name", "Erika Beispiel")
    page.keyboard.press("Tab")
    page.keyboard.type("erika@example.org")
    focus_by_tab(page, page.locator("#id_language_ar"))
    page.keyboard.press("ArrowDown")  # a closed select steps through its options: "basic"
    page.keyboard.press("ArrowDown")  # "good"
    expect(page.locator("#id_language_ar")).to_have_value("good")
    focus_by_tab(page, page.locator("#id_interests_1"))
    page.keyboard.press("Space")
    focus_by_tab(page, page.locator("#id_availability_1"))
    page.keyboard.press("Space")
    type_into(page, "#id_message", "Ich kann dienstags helfen.")
    # Consent left out: the form comes back.
    focus_by_tab(page, page.locator("button.wi-button"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    summary = page.locator("#wi-form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#id_consent")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("Erika Beispiel")
    expect(page.locator("#id_interests_1")).to_be_checked()
    assert axe_violations(page) == ""

    # The summary's link takes the focus to the consent box.
    page.keyboard.press("Tab")
    link = summary.get_by_role("link")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", "#id_consent")
    page.keyboard.press("Enter")
    expect(page.locator("#id_consent")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    focus_by_tab(page, page.locator("button.wi-button"))
    page.keyboard.press("Enter")

    page.wait_for_url("**/thanks/")
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Danke! Wir melden uns.")
    assert axe_violations(page) == ""

    offer = VolunteerInterest.objects.get()
    assert (offer.name, offer.email) == ("Erika Beispiel", "erika@example.org")
    assert offer.language == "de" and offer.page_id == form_page.pk
    assert [topic.slug for topic in offer.interests.all()] == ["begleitung"]
    assert {(item.code, item.level) for item in offer.languages.all()} == {("ar", "good")}
    assert offer.available_evenings and not offer.available_weekdays
    assert offer.message == "Ich kann dienstags helfen."
    assert offer.consented_at is not None
    assert offer.privacy_notice.text == form_page.privacy_notice


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_empty_and_the_refused_form_pass_the_axe_core_wcag_21_aa_rules(
    live_server, browser_page, form_pages, viewport
):
    page = browser_page
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(live_server.url + form_pages["german"].url)
    assert axe_violations(page) == ""
    page.locator("#id_email").fill("not-an-address")
    page.locator("button.wi-button").click()
    page.wait_for_load_state()
    expect(page.locator("#wi-form-errors")).to_be_focused()
    expect(page.locator("#wi-form-errors a")).to_have_count(3)  # name, e-mail, consent
    assert axe_violations(page) == ""
    assert not VolunteerInterest.objects.exists()


def test_the_arabic_form_is_laid_out_right_to_left_and_passes_axe(
    live_server, browser_page, form_pages
):
    page = browser_page
    arabic = form_pages["arabic"]
    page.goto(live_server.url + arabic.url)
    check_by_hand(page, "ar", "rtl")
    expect(page.locator("main")).to_have_attribute("dir", "rtl")
    assert axe_violations(page) == ""

    page.locator("#id_name").fill("كريم مثال")
    page.locator("#id_email").fill("karim@example.org")
    page.locator("button.wi-button").click()
    page.wait_for_load_state()
    expect(page.locator("#wi-form-errors")).to_be_focused()
    assert axe_violations(page) == ""

    # Right to left: a box stands right of its label, the error bar on the right edge, and an
    # e-mail address still reads left to right.
    box = page.locator("#id_consent").bounding_box()
    label = page.locator("label[for=id_consent]").bounding_box()
    assert box["x"] > label["x"]
    widths = page.locator(".wi-form__field--error").first.evaluate(
        "field => [getComputedStyle(field).borderRightWidth,"
        " getComputedStyle(field).borderLeftWidth]"
    )
    assert float(widths[0].removesuffix("px")) > float(widths[1].removesuffix("px"))
    assert page.locator("#id_email").evaluate("field => getComputedStyle(field).direction") == "ltr"

    page.locator("#id_consent").check()
    page.locator("button.wi-button").click()
    page.wait_for_url("**/thanks/")
    check_by_hand(page, "ar", "rtl")
    offer = VolunteerInterest.objects.get()
    assert offer.language == "ar" and offer.page_id == arabic.pk
