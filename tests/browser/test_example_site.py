"""The example city site's header, main menu, language switcher and footer in a real browser.

German and Arabic, on a phone (375 px) and a desktop (1280 px): each part is shown, axe-core finds
no WCAG 2.1 A/AA violation, and the phone does not scroll sideways. The demo data is loaded once
for all of them (it takes a while).
"""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect
from wagtail.models import Collection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
#: (URL, language, direction, the switcher's current entry or None when the page has one language)
# (address, language, direction, current language in the switcher, languages of the page)
PAGES = [
    ("/de/", "de", "ltr", "Deutsch", 4),
    ("/ar/", "ar", "rtl", "العربية", 4),
    ("/de/themen/", "de", "ltr", "Deutsch", 4),
    ("/ar/topics/", "ar", "rtl", "العربية", 4),
    ("/de/barrierefreiheit/", "de", "ltr", None, 0),
    ("/ar/events/", "ar", "rtl", "العربية", 3),
]


@pytest.fixture
def demo():
    """The demo data. A transactional test before this one may have emptied every table, the
    root collection too, which Wagtail's migration makes and the demo's image belongs to."""
    if not Collection.objects.exists():
        Collection.add_root(instance=Collection(pk=1, name="Root"))
    call_command("load_demo_data", stdout=io.StringIO())


def check_frame(page, language, direction, current_language, languages):
    """Header with the city's name, menu, switcher (or none) and footer, as a visitor sees them."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator(".site-brand")).to_be_visible()
    # The city's name in the page's language (the catalogs spell Koblenz one way in Arabic).
    city = {"de": "Stadt Koblenz", "ar": "مدينة كوبلنز"}[language]
    expect(page.locator(".site-brand")).to_contain_text(city)
    menu = page.locator("nav.site-menu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link")).to_have_count(6)
    for link in menu.get_by_role("link").all():
        expect(link).to_be_in_viewport()
    switcher = page.locator("nav.site-languages")
    if current_language is None:
        expect(switcher).to_have_count(0)
    else:
        expect(switcher.get_by_role("link")).to_have_count(languages)
        expect(switcher.locator("a[aria-current=page]")).to_have_text(current_language)
    footer_links = page.locator("footer nav.site-footer__nav").get_by_role("link")
    expect(footer_links).to_have_count(3)
    expect(footer_links.first).to_be_visible()


def horizontal_overflow(page):
    """How many pixels the page is wider than the viewport, and the widest offenders."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1
                              || el.getBoundingClientRect().left < -1)
                .slice(0, 5).map(el => el.outerHTML.slice(0, 120));
            return [document.documentElement.scrollWidth - width, wide];
        }"""
    )


def test_the_city_frame_is_complete_accessible_and_fits_a_phone_in_german_and_arabic(
    live_server, browser_page, demo
):
    page = browser_page
    axe = Axe()
    failures = {}
    for viewport_name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for url, language, direction, current_language, languages in PAGES:
            page.goto(live_server.url + url)
            check_frame(page, language, direction, current_language, languages)
            key = f"{viewport_name} {url}"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                failures[key] = results.generate_snapshot() + "\n".join(
                    node["html"][:200]
                    for violation in results.response["violations"]
                    for node in violation["nodes"][:3]
                )
            if viewport_name == "phone":
                overflow, wide = horizontal_overflow(page)
                if overflow > 0:
                    failures[key + " scrolls sideways"] = f"{overflow}px: {wide}"
    assert failures == {}


def test_a_keyboard_user_reaches_the_menu_and_sees_where_the_focus_is(
    live_server, browser_page, demo
):
    page = browser_page
    page.goto(live_server.url + "/de/")
    first_menu_link = page.locator("nav.site-menu a").first
    for _ in range(30):
        page.keyboard.press("Tab")
        if first_menu_link.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("The main menu never got the focus by Tab")
    outline = first_menu_link.evaluate(
        "link => [getComputedStyle(link).outlineStyle, getComputedStyle(link).outlineWidth]"
    )
    assert outline[0] != "none" and float(outline[1].removesuffix("px")) >= 2
    page.keyboard.press("Enter")
    page.wait_for_url("**/de/themen/")
    expect(page.locator("nav.site-menu a[aria-current=page]")).to_have_text("Themen")
