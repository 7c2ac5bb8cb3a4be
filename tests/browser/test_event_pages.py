"""The event calendar and a series page in a real browser: phone width, keyboard, right-to-left.

The clock is frozen at mid-February 2027 (for the live server too: it runs in this process), so
that the list and the month view show the same dates on every run. Screenshots of every page
looked at go to $WI_SCREENSHOT_DIR when it is set, else to the test's temporary folder.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.browser.support import AXE_TAGS, PHONE, check_by_hand, focus_by_tab
from tests.events.support import shown
from wagtail_integration.directory.models import Venue
from wagtail_integration.events.models import (
    EventCategory,
    EventIndexPage,
    EventSeriesPage,
    OverrideAction,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2027, 2, 15, 11, 0, tzinfo=dt.UTC)
BOUNDS = (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 1, 1, tzinfo=dt.UTC))


def make_series(index, title, rule, first_date, **fields):
    return factories.series(
        index,
        title,
        rule,
        first_date=first_date,
        slug=f"reihe-{EventSeriesPage.objects.count() + 1}",
        locale=factories.locale("de"),
        languages=("de", "ar", "uk"),
        materialise=BOUNDS,
        **fields,
    )


@pytest.fixture
def event_pages(monkeypatch):
    """An index with a monthly Stammtisch (a note, a cancelled and a moved evening), a weekly
    language café, both in German, and the index and the Stammtisch in Arabic."""
    factories.ensure_default_site()
    german = factories.locale("de")
    venue = Venue.objects.create(
        name="Haus der Begegnung",
        street="Görgenstraße 17",
        postcode="56068",
        accessibility="Stufenloser Eingang, Aufzug",
        locale=german,
    )
    category = EventCategory.objects.create(name="Stammtisch", slug="stammtisch", locale=german)
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    factories.site_root().add_child(instance=index)
    index.save_revision().publish()
    stammtisch = make_series(
        index,
        "Ehrenamtsstammtisch",
        "RRULE:FREQ=MONTHLY;BYDAY=+1TU",
        dt.date(2027, 1, 5),
        overrides=[
            {"date": dt.date(2027, 3, 2), "action": OverrideAction.NOTE, "note": "Vortrag: BAMF"},
            {"date": dt.date(2027, 4, 6), "action": OverrideAction.CANCEL, "note": "Ostern"},
            {
                "date": dt.date(2027, 5, 4),
                "action": OverrideAction.MOVE,
                "new_date": dt.date(2027, 5, 6),
                "new_start_time": dt.time(18),
            },
        ],
        venue=venue,
        category=category,
        organiser=factories.organisation("Ehrenamtskoordination IKOKO", is_sample=False),
        registration="email",
        registration_email="ikoko@example.org",
    )
    cafe = make_series(
        index,
        "Sprachcafé",
        "RRULE:FREQ=WEEKLY;BYDAY=TH",
        dt.date(2027, 1, 7),
        start_time=dt.time(16),
        end_time=dt.time(18),
        venue=venue,
        category=category,
        registration="link",
        registration_url="https://anmeldung.example.org/sprachcafe",
    )
    arabic_index = factories.translate_page(index, "ar", title="الفعاليات")
    arabic = factories.translate_page(
        stammtisch, "ar", title="لقاء المتطوعين", summary="تبادل وتواصل للمتطوعين."
    )
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return {
        "index": index,
        "stammtisch": stammtisch,
        "cafe": cafe,
        "arabic_index": arabic_index,
        "arabic": arabic,
    }


@pytest.fixture
def shoot(tmp_path):
    """Save a full-page screenshot under a name; return its path."""
    folder = Path(os.environ.get("WI_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def no_horizontal_scrolling(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def chromium_roles(page):
    """The roles in Chromium's own accessibility tree of the month table, in document order."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return [
        node["role"]["value"]
        for node in nodes
        if not node.get("ignored") and node.get("role", {}).get("value") in ROLES
    ]


ROLES = {"table", "row", "cell", "gridcell", "columnheader", "rowheader"}


def test_the_month_view_works_by_keyboard_at_phone_width(
    live_server, browser_page, event_pages, shoot
):
    page = browser_page
    page.set_viewport_size(PHONE)
    index = event_pages["index"]
    page.goto(f"{live_server.url}{index.url}?month=2027-03")
    check_by_hand(page, "de", "ltr")
    expect(page.locator("main")).to_have_attribute("lang", "de")
    table = page.locator("table.wi-month__table")
    expect(table.locator("caption")).to_have_text("März 2027")
    # At phone width the days with dates are a list, each with its full date visible.
    expect(page.locator(".wi-month__day--busy .wi-month__date").first).to_be_visible()
    expect(page.locator("thead.wi-month__head")).to_be_hidden()
    no_horizontal_scrolling(page)
    # Laid out as blocks, it is still a table to Chromium's accessibility tree.
    roles = chromium_roles(page)
    assert roles.count("table") == 1 and "cell" in roles and "columnheader" not in roles
    shoot(page, "events-month-phone")

    # A keyboard user reaches the Stammtisch of 2 March and opens it.
    link = table.get_by_role("link", name="19:00 Ehrenamtsstammtisch")
    focus_by_tab(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{event_pages['stammtisch'].url}#wi-date-20270302T1800Z")
    expect(page.locator("h1")).to_have_text("Ehrenamtsstammtisch")

    # Back in the month view, the next month is one Tab stop away from the previous one.
    page.go_back()
    focus_by_tab(page, page.locator("a.wi-month__nav-link[rel=next]"))
    page.keyboard.press("Enter")
    page.wait_for_url("**?month=2027-04")
    expect(page.locator("table.wi-month__table caption")).to_have_text("April 2027")
    cancelled = page.locator(".wi-month__event--cancelled")
    expect(cancelled).to_contain_text("Ehrenamtsstammtisch")
    assert cancelled.locator("s").count() == 1


def test_the_month_view_is_a_table_on_a_desktop(live_server, browser_page, event_pages, shoot):
    page = browser_page
    page.goto(f"{live_server.url}{event_pages['index'].url}?month=2027-05")
    expect(page.locator("thead.wi-month__head")).to_be_visible()
    headers = page.get_by_role("columnheader")
    expect(headers).to_have_count(7)
    assert chromium_roles(page).count("columnheader") == 7
    expect(headers.first).to_have_text("Mo")
    # A moved evening sits on its new day and names the old one.
    moved = page.locator(".wi-month__event--moved")
    expect(moved).to_contain_text("18:00")
    expect(moved.locator("s")).to_contain_text(shown(date="4. Mai", time="19:00"))
    shoot(page, "events-month-desktop")


def test_the_upcoming_list_and_the_series_page_at_phone_width(
    live_server, browser_page, event_pages, shoot
):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + event_pages["index"].url)
    check_by_hand(page, "de", "ltr")
    expect(page.locator(".wi-events__month-heading").first).to_have_text("Februar 2027")
    expect(page.locator(".wi-event--cancelled .wi-event__status").first).to_be_visible()
    no_horizontal_scrolling(page)
    shoot(page, "events-index-phone")

    page.goto(live_server.url + event_pages["stammtisch"].url)
    check_by_hand(page, "de", "ltr")
    dates = page.locator(".wi-event-series__dates .wi-event")
    expect(dates).to_have_count(6)
    expect(dates.first).to_contain_text("Vortrag: BAMF")
    subscribe = page.locator(".wi-subscribe a[href^='webcal:']")
    expect(subscribe).to_be_visible()
    assert subscribe.get_attribute("href").endswith(f"{event_pages['stammtisch'].url}ical/")
    no_horizontal_scrolling(page)
    shoot(page, "events-series-phone")


def test_the_upcoming_list_and_the_series_page_on_a_desktop_scroll_no_sideways(
    live_server, browser_page, event_pages, shoot
):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + event_pages["index"].url)
    check_by_hand(page, "de", "ltr")
    expect(page.locator(".wi-events__month-heading").first).to_have_text("Februar 2027")
    no_horizontal_scrolling(page)
    shoot(page, "events-index-desktop")
    page.goto(live_server.url + event_pages["stammtisch"].url)
    check_by_hand(page, "de", "ltr")
    expect(page.locator("h1")).to_have_text("Ehrenamtsstammtisch")
    expect(page.locator(".wi-event-series__dates .wi-event")).to_have_count(6)
    no_horizontal_scrolling(page)
    shoot(page, "events-series-desktop")


def test_arabic_pages_are_right_to_left(live_server, browser_page, event_pages, shoot):
    page = browser_page
    page.goto(live_server.url + event_pages["arabic"].url)
    check_by_hand(page, "ar", "rtl")
    expect(page.locator("main")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("لقاء المتطوعين")
    shoot(page, "events-series-ar")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{event_pages['arabic_index'].url}?month=2027-03")
    check_by_hand(page, "ar", "rtl")
    # The German café in the Arabic calendar is marked as German for screen readers.
    expect(page.locator(".wi-month__title[lang=de]").first).to_have_text("Sprachcafé")
    no_horizontal_scrolling(page)
    shoot(page, "events-month-ar-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{event_pages['arabic_index'].url}?month=2027-03")
    shoot(page, "events-month-ar-desktop")
    page.goto(live_server.url + event_pages["arabic_index"].url)
    shoot(page, "events-index-ar-desktop")


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_event_pages_pass_the_axe_core_wcag_21_aa_rules(
    live_server, browser_page, event_pages, viewport
):
    axe_module = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    page = browser_page
    if viewport:
        page.set_viewport_size(viewport)
    index, arabic_index = event_pages["index"].url, event_pages["arabic_index"].url
    urls = [
        index,
        index + "?month=2027-03",
        index + "?month=2027-04&category=stammtisch",
        index + "?from=2027-05-01",
        index + "?category=unbekannt",
        event_pages["stammtisch"].url,
        event_pages["cafe"].url,
        event_pages["arabic"].url,
        arabic_index,
        arabic_index + "?month=2027-03",
    ]
    axe = axe_module.Axe()
    failures = {}
    for url in urls:
        page.goto(live_server.url + url)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        if results.violations_count:
            failures[url] = results.generate_snapshot()
            for violation in results.response["violations"]:
                failures[url] += "\n" + "\n".join(
                    node["html"][:200] for node in violation["nodes"][:3]
                )
    assert failures == {}
