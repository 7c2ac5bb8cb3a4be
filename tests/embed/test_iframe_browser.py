"""An iframe widget on a page of another origin, in Debian's Chromium: the parent resize snippet of
docs/embedding.md sets the iframe's height from the widget's postMessage, on load and when the
content's height changes; links open in the top window.

The host page is served by a small http.server of the test on 127.0.0.1 (another origin than the
live server's localhost). The clock stands at mid-February 2027 (for the live server too: it runs
in this process).
"""

import datetime as dt
import http.server
import re
import threading
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.events.support import BOUNDS, NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "embedding.md"
DOCUMENTED_ORIGIN = "https://integration.example.org"


def documented_snippet():
    """The HTML example of docs/embedding.md with the iframe and the parent's resize script."""
    examples = re.findall(r"```html\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    return next(example for example in examples if "<iframe" in example)


@pytest.fixture
def host_page(live_server):
    """Serve a portal page embedding the events widget with the documented snippet; its URL."""
    snippet = documented_snippet().replace(DOCUMENTED_ORIGIN, live_server.url)
    body = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Stadtportal</title>'
        "</head><body><h1>Stadtportal</h1>"
        f"{snippet}<p id='after'>Unter dem Widget</p></body></html>"
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def events(monkeypatch):
    """Two German series with dates after NOW."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    factories.ensure_default_site()
    factories.integrationsehrennadel()
    index = factories.event_index(slug="veranstaltungen")
    factories.series(
        index, "Ehrenamtsstammtisch", first_date=dt.date(2027, 1, 5), materialise=BOUNDS
    )
    factories.series(
        index,
        "Sprachcafé",
        "RRULE:FREQ=WEEKLY;BYDAY=WE",
        first_date=dt.date(2027, 1, 6),
        materialise=BOUNDS,
    )


def iframe_height(page):
    return page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().height")


def widget_height(frame):
    return frame.evaluate("() => document.body.getBoundingClientRect().height")


def test_the_iframe_takes_the_height_of_its_widget_on_a_page_of_another_origin(
    settings, live_server, events, host_page, chromium
):
    settings.WAGTAIL_INTEGRATION = {"EMBED_FRAME_ANCESTORS": [host_page.rstrip("/")]}
    page = chromium
    page.goto(host_page)
    widget = page.frame_locator("iframe")
    expect(widget.locator("article.wi-event")).to_have_count(5)
    frame = page.frames[1]
    # Five dates are taller than the 20rem (320px) the iframe starts with.
    page.wait_for_function("() => document.querySelector('iframe').offsetHeight > 330")
    assert abs(iframe_height(page) - widget_height(frame)) <= 1
    expect(page.locator("#after")).to_be_visible()

    # A narrower window wraps the widget's lines: the iframe grows with it (ResizeObserver).
    before = iframe_height(page)
    page.set_viewport_size({"width": 320, "height": 900})
    page.wait_for_function(f"() => document.querySelector('iframe').offsetHeight > {before + 20}")
    page.wait_for_timeout(300)  # the last report after the layout settled
    assert abs(iframe_height(page) - widget_height(frame)) <= 1

    # Links open in the portal's window, not inside the iframe.
    widget.locator("a", has_text="Sprachcafé").first.click()
    page.wait_for_url(re.compile(r"/veranstaltungen/"))
    assert page.url.startswith(live_server.url)

    # An origin that is not listed gets no widget: Chromium blocks the framed document. (A page
    # in a context of its own: the first one keeps the widget in its cache for five minutes.)
    settings.WAGTAIL_INTEGRATION = {"EMBED_FRAME_ANCESTORS": ["https://portal.example.org"]}
    unlisted = page.context.browser.new_page()
    unlisted.goto(host_page)
    unlisted.wait_for_timeout(1000)
    assert unlisted.frames[1].evaluate("() => document.querySelectorAll('main').length") == 0
    unlisted.close()
