"""What the browser tests share: axe-core's rules, a phone's viewport, reaching an element by
Tab, the checks axe cannot make. Not a test module: test modules import it."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

#: The axe-core rules checked: WCAG 2.1 A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: A phone's viewport.
PHONE = {"width": 390, "height": 844}


def focus_by_tab(page, locator, limit=80):
    """Press Tab until ``locator`` has the focus, as a keyboard user gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{locator} never got the focus by Tab")


def check_by_hand(page, language, direction):
    """What axe cannot know: the page's language and direction; one main, one h1."""
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.locator("main").locator("h1")).to_have_count(1)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(field => !field.labels.length && !field.getAttribute('aria-label'))
            .map(field => field.outerHTML)"""
    )
    assert unlabelled == []


def axe_violations(page):
    """The WCAG 2.1 A/AA violations axe-core finds on the page, with the offending markup."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    if not results.violations_count:
        return ""
    report = results.generate_snapshot()
    for violation in results.response["violations"]:
        report += "\n" + "\n".join(node["html"][:200] for node in violation["nodes"][:3])
    return report
