"""Every public page type on a 375 px phone, in German and Arabic: no sideways scrolling where
long German compounds meet narrow boxes, left-to-right runs in their order on right-to-left
pages, and a focus indicator that stands out from the page."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wagtail_integration.directory.models import OrganisationDirectoryPage, Venue
from wagtail_integration.events.models import (
    EventIndexPage,
    OverrideAction,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 375, "height": 740}
IKOKO = "IKOKO – Integrationskoordinierungsstelle Koblenz"
NOTE = (
    "Informationsinput: Sprachmittlung im Ehrenamt – wann Ehrenamtliche dolmetschen können. "
    "Mit dem Sprachmittlungspool und der Integrationskoordinierungsstelle."
)

# The text that sticks out of the page, if any: a text node whose box ends past the viewport.
OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim() || node.parentElement.closest('.skip-link, [aria-hidden]')) {
            continue;
        }
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const box of range.getClientRects()) {
            if (box.width && (box.right > width + 1 || box.left < -1)) {
                found.push(node.textContent.trim().slice(0, 60));
                break;
            }
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, found};
}"""

# Where the two strings begin on screen, left to right, inside the first element of a selector.
POSITIONS_JS = """([selector, first, second]) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const lefts = {};
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const needle of [first, second]) {
            const at = node.textContent.indexOf(needle);
            if (at >= 0 && !(needle in lefts)) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + needle.length);
                lefts[needle] = range.getBoundingClientRect().left;
            }
        }
    }
    return [lefts[first], lefts[second]];
}"""


def luminance(colour):
    """The relative luminance (WCAG 2) of a computed ``rgb(r, g, b)`` colour."""
    channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other):
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def publish(parent, page):
    # Treebeard on Wagtail 7.0 numbers a new child from the parent's numchild in memory, which
    # is stale once a factory has added a child to the same parent.
    parent.refresh_from_db()
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def first_tuesday(year, month):
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


@pytest.fixture
def every_page_type():
    """One page of every public type with the long German compounds visitors met, each in
    German and Arabic (the Arabic pages show the German organisation, note and address)."""
    factories.ensure_default_site()
    root = factories.site_root()
    german = factories.locale("de")
    ikoko = factories.organisation(
        name=IKOKO,
        street="Beispielstraße 1",
        email="integrationskoordinierungsstelle@example.org",
        description="Die Integrationskoordinierungsstelle vernetzt Ehrenamtliche.",
    )
    venue = Venue.objects.create(
        name="Bürgerbegegnungsstätte Lützel",
        street="Görgenstraße 17",
        postcode="56068",
        city="Koblenz",
        locale=german,
    )

    topic_index = factories.topic_index(title="Themen")
    body = [
        ("heading", "Ansprechpartnerinnen der Integrationskoordinierungsstelle"),
        ("contact", ikoko.pk),
    ]
    guide = factories.guide(
        topic_index,
        title="Ehrenamtskoordinierungsangebote",
        body=body,
    )
    directory = publish(
        root, OrganisationDirectoryPage(title="Beratungsstellenverzeichnis", slug="adressen")
    )

    events = publish(root, EventIndexPage(title="Veranstaltungen", slug="veranstaltungen"))
    today = timezone.localdate()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    noted = first_tuesday(next_month.year, next_month.month)
    series = factories.series(
        events,
        "Ehrenamtsstammtisch der Integrationskoordinierungsstelle",
        slug="stammtisch",
        first_date=today,
        venue=venue,
        organiser=ikoko,
        locale=german,
        overrides=[{"date": noted, "action": OverrideAction.NOTE, "note": NOTE}],
        materialise=True,
    )
    series.refresh_from_db()

    factories.integrationsehrennadel()  # a transactional test before may have flushed it
    honours = factories.honour_index(title="Integrationsehrennadel")
    recipient = factories.honour_recipient(
        honours,
        title="Nachbarschaftsinitiative Musterviertel",
        photo=factories.image(),
        photo_alt="Mitglieder der Nachbarschaftsinitiative beim Sommerfest",
        photo_credit="Integrationskoordinierungsstelle",
    )
    volunteer = factories.volunteer_form_page(title="Ehrenamtliches Engagement anbieten")
    nomination = factories.nomination_form_page(title="Vorschlag für die Integrationsehrennadel")

    german_pages = [topic_index, guide, directory, events, series, honours, recipient]
    german_pages += [volunteer, nomination]
    arabic_pages = [factories.translate_page(page, "ar") for page in german_pages]
    month = f"?month={noted:%Y-%m}"
    return {
        "de": [page.url for page in german_pages]
        + [events.url + month, honours.url + "?view=gallery"]
        + [volunteer.url + "thanks/", nomination.url + "thanks/"],
        "ar": [page.url for page in arabic_pages]
        + [arabic_pages[3].url + month, arabic_pages[5].url + "?view=gallery"]
        + [arabic_pages[7].url + "thanks/", arabic_pages[8].url + "thanks/"],
        "arabic_series": arabic_pages[4].url,
        "guide": guide.url,
    }


@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_public_page_scrolls_sideways_on_a_375_px_phone(
    live_server, browser_page, every_page_type, language
):
    page = browser_page
    page.set_viewport_size(SMALL_PHONE)
    wide = {}
    shown = set()
    for url in every_page_type[language]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        measured = page.evaluate(OVERFLOW_JS)
        if measured["scrollWidth"] > measured["clientWidth"] or measured["found"]:
            wide[url] = measured
        shown |= {text for text in (IKOKO, "Integrationsehrennadel") if text in page.content()}
    assert wide == {}
    assert shown == {IKOKO, "Integrationsehrennadel"}  # the long compounds were on the pages


def test_postcodes_and_the_ics_extension_keep_their_order_on_an_arabic_page(
    live_server, browser_page, every_page_type
):
    page = browser_page
    page.set_viewport_size(SMALL_PHONE)
    page.goto(live_server.url + every_page_type["arabic_series"])

    for selector in (".wi-venue", ".wi-card__address"):
        postcode, city = page.evaluate(POSITIONS_JS, [selector, "56068", "Koblenz"])
        assert postcode < city, selector
    dot, extension = page.evaluate(POSITIONS_JS, [".wi-button--secondary", ".", "ics"])
    assert dot < extension


def test_the_focused_link_has_a_ring_with_3_to_1_against_the_page(
    live_server, browser_page, every_page_type
):
    page = browser_page
    page.goto(live_server.url + every_page_type["guide"])
    link = page.locator(".wi-card a[href^='mailto:']")
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    style = link.evaluate(
        """element => {
            const style = getComputedStyle(element);
            let background = 'rgba(0, 0, 0, 0)';
            let node = element;
            while (node && background.endsWith(', 0)')) {
                background = getComputedStyle(node).backgroundColor;
                node = node.parentElement;
            }
            return {width: style.outlineWidth, colour: style.outlineColor,
                    shadow: style.boxShadow, background};
        }"""
    )
    assert float(style["width"].removesuffix("px")) >= 2
    # The card's own background (else the page's white) is what the ring is seen against.
    background = style["background"]
    if background.endswith(", 0)"):
        background = "rgb(255, 255, 255)"
    assert contrast(style["colour"], background) >= 3, style
    assert contrast(style["colour"], "rgb(255, 255, 255)") >= 3, style
    assert "rgb(255, 191, 71)" in style["shadow"], style  # the yellow halo inside the ring
