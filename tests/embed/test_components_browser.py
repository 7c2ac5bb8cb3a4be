"""The web components of /integration/embed.js on the stand-in city portal
(example_site/portal/index.html, what `make portal` serves), in Debian's Chromium: every widget
renders from the API of another origin in German and in Arabic, the form is sent across origins
and answers errors per field, bad attributes and an unreachable API leave a message and the
element's own link, axe finds no violation.

The portal is served by a small http.server of the test on 127.0.0.1, the site by the live
server on localhost: two origins, as the city portal and the integration site are. The clocks of
the server and of the browser stand at mid-February 2027 (tests.events.support.NOW).
"""

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests import factories
from tests.browser.support import axe_violations
from tests.events.support import NOW
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PORTAL = Path(__file__).resolve().parents[2] / "example_site" / "portal"

#: A page of the portal's origin with what a portal editor may get wrong.
LINK = '<a href="/termine">Alle Termine</a>'
MISTAKES = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Fehler</title></head><body><main><h1>Fehler</h1>
<integration-events id="unreachable" base="http://127.0.0.1:9">{LINK}</integration-events>
<integration-events id="limit" limit="0">{LINK}</integration-events>
<integration-events id="category" category="gibt-es-nicht">{LINK}</integration-events>
<integration-kalender id="unknown">{LINK}</integration-kalender>
<script src="SITE/integration/embed.js"></script>
</main></body></html>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def in_language(language, message):
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def portal(tmp_path, live_server, settings):
    """The portal's origin, serving a copy of example_site/portal (and the page of mistakes);
    the site lets it call the API and frame the widgets."""
    root = tmp_path / "portal"
    shutil.copytree(PORTAL, root)
    (root / "mistakes.html").write_text(MISTAKES.replace("SITE", live_server.url))
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CORS_ALLOWED_ORIGINS = [origin]
    settings.WAGTAIL_INTEGRATION = {
        "EMBED_FRAME_ANCESTORS": [origin],
        "SUBMISSION_MIN_FILL_SECONDS": 0,
    }
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def default_site():
    """The default site (a transactional test's database starts empty)."""
    factories.ensure_default_site()


@pytest.fixture
def site(monkeypatch, default_site, content):
    """The embed tests' content, a volunteer form, and the server's clock at NOW."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    content["form"] = factories.volunteer_form_page(title="Mitmachen", slug="mitmachen")
    return content


def open_portal(page, portal, live_server, language):
    page.clock.set_fixed_time(NOW)
    page.goto(f"{portal}/?site={live_server.url}&lang={language}&topic=ehrenamt")
    for name in ("events", "next-stammtisch", "topic", "organisations", "honours", "form"):
        # Rendered: the element's own link is hidden behind its content.
        expect(page.locator(f"integration-{name} [part~=content] > *").first).to_be_visible()


def test_every_widget_renders_in_german_on_a_page_of_another_origin(
    chromium, portal, live_server, site
):
    page = chromium
    open_portal(page, portal, live_server, "de")
    events = page.locator("integration-events")
    expect(events.get_by_role("link", name="Ehrenamtsstammtisch").first).to_be_visible()
    expect(events.get_by_role("link", name="Schulung für Neue").first).to_be_visible()
    # The next Stammtisch after NOW is 2 March 2027, with its note, in the portal's language.
    stammtisch = page.locator("integration-next-stammtisch")
    expect(stammtisch.locator("[part~=date]")).to_contain_text("Dienstag, 2. März 2027")
    expect(stammtisch.locator("[part~=note]")).to_have_text("Vortrag: Anerkennung")
    expect(stammtisch.locator("[part~=calendar]")).to_have_attribute("href", re.compile(r"/ical/$"))
    topic = page.locator("integration-topic")
    expect(topic.get_by_role("heading", name="Mitmachen")).to_be_visible()
    expect(topic).to_contain_text("So helfen Sie mit.")
    expect(topic.locator("[part~=contact-card]")).to_contain_text("Migrationsberatung Koblenz")
    organisations = page.locator("integration-organisations")
    expect(organisations.get_by_role("heading", name="Migrationsberatung Koblenz")).to_be_visible()
    expect(page.locator("integration-honours")).to_contain_text("Verein Brücke")
    form = page.locator("integration-form")
    expect(form.get_by_role("heading", name="Mitmachen")).to_be_visible()
    expect(form.get_by_label("E-Mail-Adresse")).to_be_visible()
    # Each element's own link (its fallback) is hidden once its content is there.
    expect(events.get_by_role("link", name="Veranstaltungen")).to_be_hidden()
    # The iframes took the height their widgets reported.
    frame = page.locator("iframe[data-widget=events]")
    expect(frame).to_have_attribute("style", re.compile(r"height: \d+px;"))
    assert axe_violations(page) == ""


def test_every_widget_renders_in_arabic_right_to_left_and_marks_german_content(
    chromium, portal, live_server, site
):
    page = chromium
    open_portal(page, portal, live_server, "ar")
    for name in ("events", "next-stammtisch", "topic", "organisations", "honours", "form"):
        wrapper = page.locator(f"integration-{name} [part~=widget]")
        expect(wrapper).to_have_attribute("dir", "rtl")
        expect(wrapper).to_have_attribute("lang", "ar")
    events = page.locator("integration-events")
    expect(events.get_by_role("link", name="لقاء المتطوعين").first).to_be_visible()
    # The training has no Arabic version: German, marked so in Arabic, its link hreflang="de".
    training = events.get_by_role("link", name="Schulung für Neue").first
    expect(training).to_have_attribute("hreflang", "de")
    expect(training).to_have_attribute("lang", "de")
    expect(events.locator("[part~=fallback]").first).to_have_text(in_language("ar", "In German"))
    expect(page.locator("integration-honours")).to_contain_text("إيريكا بايشبيل")
    expect(page.locator("integration-organisations")).to_contain_text("استشارة الهجرة")
    # Dates in the reader's language and script.
    expect(page.locator("integration-next-stammtisch [part~=date]")).to_contain_text("مارس")
    assert axe_violations(page) == ""


def test_the_form_is_sent_across_origins_with_the_keyboard_and_answers_errors_per_field(
    chromium, portal, live_server, site
):
    page = chromium
    open_portal(page, portal, live_server, "de")
    form = page.locator("integration-form")
    # Sent empty: a summary takes the focus, each field says what is wrong.
    form.get_by_label("Ihr Name").focus()
    page.keyboard.press("Enter")
    summary = form.locator("[part~=summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Angaben")
    name = form.get_by_label("Ihr Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    error = form.locator("#f-name-error")
    expect(error).to_be_visible()
    assert "f-name-error" in name.get_attribute("aria-describedby")
    # The summary's entry leads to its field.
    summary.get_by_role("link").filter(has_text=error.inner_text()[7:30]).first.click()
    expect(name).to_be_focused()
    # Filled in with the keyboard alone.
    page.keyboard.type("Erika Beispiel")
    page.keyboard.press("Tab")
    page.keyboard.type("erika@example.org")
    consent = form.locator("input[name=consent]")
    for _ in range(60):
        page.keyboard.press("Tab")
        if consent.evaluate("input => input.getRootNode().activeElement === input"):
            break
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Senden")).to_be_focused()
    page.keyboard.press("Enter")
    message = form.locator("[part~=message]")
    expect(message).to_contain_text("Danke! Wir melden uns.")
    expect(message).to_be_focused()
    interest = VolunteerInterest.objects.get()
    assert interest.name == "Erika Beispiel" and interest.source == "embed"


def test_bad_attributes_unknown_widgets_and_an_unreachable_api_leave_a_message_and_the_link(
    chromium, portal, live_server, site
):
    page = chromium
    page.goto(f"{portal}/mistakes.html")
    unreachable = page.locator("#unreachable")
    expect(unreachable.get_by_role("alert")).to_have_text(
        in_language("de", "Not reachable at the moment. Please try again later.")
    )
    expect(unreachable.get_by_role("link", name="Alle Termine")).to_be_visible()
    limit = page.locator("#limit")
    expect(limit.get_by_role("alert")).to_contain_text("„0“ ist keine ganze Zahl von 1 bis 100.")
    expect(limit.get_by_role("link", name="Alle Termine")).to_be_visible()
    # The API says what is wrong with the category, in the widget's language.
    category = page.locator("#category")
    expect(category.get_by_role("alert")).to_contain_text("gibt-es-nicht")
    expect(category.get_by_role("link", name="Alle Termine")).to_be_visible()
    unknown = page.locator("#unknown")
    expect(unknown.get_by_role("alert")).to_contain_text("integration-kalender")
    expect(unknown.get_by_role("alert")).to_contain_text("integration-events")
    expect(unknown.get_by_role("link", name="Alle Termine")).to_be_visible()


def test_the_form_element_registers_for_a_date_with_its_seats(
    chromium, portal, live_server, default_site, monkeypatch, tmp_path
):
    from wagtail_integration.events.models import Occurrence
    from wagtail_integration.registrations.models import Registration

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    training = factories.training(seats=4)
    occurrence = Occurrence.objects.get(series=training)
    (tmp_path / "portal" / "anmeldung.html").write_text(
        f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Anmeldung</title>
        </head><body><main><h1>Anmeldung</h1>
        <integration-form occurrence="{occurrence.pk}"><a href="/schulung">Zur Schulung</a>
        </integration-form><script src="{live_server.url}/integration/embed.js"></script>
        </main></body></html>"""
    )
    page = chromium
    page.clock.set_fixed_time(NOW)
    page.goto(f"{portal}/anmeldung.html")
    form = page.locator("integration-form")
    expect(form.get_by_role("heading", name="Neu im Ehrenamt")).to_be_visible()
    expect(form).to_contain_text("Noch 4 Plätze frei")
    form.get_by_label("Ihr Name").fill("Erika Beispiel")
    form.get_by_label("E-Mail-Adresse").fill("erika@example.org")
    form.locator("input[name=consent]").check()
    assert axe_violations(page) == ""
    form.get_by_role("button", name="Senden").click()
    expect(form.locator("[part~=message]")).to_contain_text("Sie sind angemeldet")
    entry = Registration.objects.get()
    assert (entry.occurrence_id, entry.source, entry.status) == (
        occurrence.pk,
        "embed",
        "confirmed",
    )
