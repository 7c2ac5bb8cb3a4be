"""Registering in a real browser: a seat, the waiting list, the cancel link, the seat moving on.

The live server runs in this process: the settings fixture switches the minimum fill time and
the rate limit off for it, and the mails it sends land in Django's locmem outbox.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests import factories
from tests.browser.support import axe_violations, check_by_hand, focus_by_tab
from wagtail_integration.registrations.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def training(settings):
    settings.WAGTAIL_INTEGRATION = {
        **getattr(settings, "WAGTAIL_INTEGRATION", {}),
        "SUBMISSION_MIN_FILL_SECONDS": 0,
        "SUBMISSION_RATE_LIMIT": "",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "",
    }
    factories.ensure_default_site()
    return factories.training(seats=1, rule="RRULE:FREQ=WEEKLY;COUNT=3")


def _register(page, url, name, email):
    """Open the series page, follow the first date's register link, fill in and send."""
    page.goto(url)
    page.locator(".wi-event__register").first.click()
    page.get_by_label("Ihr Name").fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    focus_by_tab(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    page.get_by_role("button", name="Anmelden").click()


def test_a_seat_a_waiting_list_and_a_cancel_link_that_gives_the_seat_on(
    live_server, browser_page, training
):
    page = browser_page
    series_url = live_server.url + training.url

    page.goto(series_url)
    expect(page.locator(".wi-event__seats").first).to_contain_text("Noch 1 Platz frei")
    page.locator(".wi-event__register").first.click()
    check_by_hand(page, "de", "ltr")
    assert axe_violations(page) == ""

    _register(page, series_url, "Erika Beispiel", "erika@example.org")
    expect(page.get_by_role("status")).to_contain_text("Sie sind angemeldet")
    _register(page, series_url, "Karim Muster", "karim@example.org")
    expect(page.get_by_role("status")).to_contain_text("Sie stehen auf der Warteliste")
    page.goto(series_url)
    expect(page.locator(".wi-event__seats").first).to_contain_text("Ausgebucht: Warteliste")

    confirmation = next(m for m in mail.outbox if m.to == ["erika@example.org"])
    cancel_url = re.search(r"https?://\S+/integration/registrations/cancel/\S+/", confirmation.body)
    path = cancel_url.group(0).split("/integration/", 1)[1]
    page.goto(f"{live_server.url}/integration/{path}")
    expect(page.locator("h1")).to_have_text("Anmeldung absagen")
    assert Registration.objects.get(email="erika@example.org").status == "confirmed"
    page.get_by_role("button", name="Meine Anmeldung absagen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Anmeldung ist abgesagt")

    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"erika@example.org": "cancelled", "karim@example.org": "confirmed"}
    assert any(
        m.to == ["karim@example.org"] and "Ein Platz ist für Sie frei" in m.subject
        for m in mail.outbox
    )
    page.goto(series_url)
    expect(page.locator(".wi-event__seats").first).to_contain_text("Ausgebucht: Warteliste")
