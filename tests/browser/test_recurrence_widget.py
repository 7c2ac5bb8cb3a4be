"""The series editor in the editor's own language, with a recurrence widget that looks right."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from tests import factories
from wagtail_integration.events.models import EventIndexPage

#: What the series editor showed in English in a German admin (issue 18): django-recurrence's
#: labels, and the strings Wagtail's own scripts write into the page from the admin's catalog.
ENGLISH = [
    "Add rule",
    "Add date",
    "Frequency",
    "Every",
    "Repeat until",
    "Date",
    "Occurs",
    "Exclude these occurences",
    "Each",
    "On the",
    "Remove",
    "Weekly",
    "Monthly",
    "Yearly",
    "Annually",
    "Daily",
    "weeks",
    "Monday",
    "Tuesday",
    "Mon",
    "Tue",
    "Search",
    "Collapse all",
    "Expand all",
]

#: The texts on the page that come from Wagtail's scripts rather than from its templates.
WAGTAIL_SCRIPTED = ["Search", "Collapse all"]


def open_series_editor(live_server, page, language):
    """Log in as an editor whose admin language is ``language``; open a new series' editor."""
    factories.ensure_default_site()
    root = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    root.add_child(instance=index)
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill("editor")
    page.locator("input[name=password]").fill("pw")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/add/integration_events/eventseriespage/{index.pk}/")
    return page.locator("div.recurrence-widget")


def english_on(text):
    """The strings of :data:`ENGLISH` that stand as words in ``text``."""
    return [english for english in ENGLISH if re.search(rf"\b{re.escape(english)}\b", text)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_series_editor_shows_no_english(live_server, browser_page, language):
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    widget = open_series_editor(live_server, page, language)
    with translation.override(language):
        add_rule = translation.gettext("Add rule")
    assert add_rule != "Add rule", f"no translation of the widget's messages into {language}"
    widget.scroll_into_view_if_needed()
    widget.locator("a.add-rule").click()
    page.wait_for_function("document.getElementById('id_recurrence').value.includes('RRULE:')")

    # Wagtail's own scripts fill in these after the widget's scripts ran.
    chrome = page.locator("aside, header, form").all_inner_texts()
    labels = page.evaluate(
        """() => [...document.querySelectorAll('[aria-label], [placeholder], [title]')]
            .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('placeholder'),
                           e.getAttribute('title')])
            .filter(Boolean)"""
    )
    assert english_on(widget.inner_text()) == []
    assert add_rule in widget.inner_text()
    assert english_on("\n".join(chrome + labels)) == []
    assert errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_recurrence_widget_controls_do_not_overlap(live_server, browser_page, language):
    page = browser_page
    widget = open_series_editor(live_server, page, language)
    widget.scroll_into_view_if_needed()
    widget.locator("a.add-rule").click()
    page.wait_for_function("document.getElementById('id_recurrence').value.includes('RRULE:')")
    # Yearly, monthly and weekly rules each have controls of their own.
    for frequency in ["0", "1", "2"]:
        widget.locator("select[name=freq]").select_option(frequency)
        assert_no_overlaps(widget)


def assert_no_overlaps(widget):
    """Each visible checkbox and radio button of ``widget`` has Wagtail's size, beside its label."""
    controls = widget.locator("input[type=checkbox]:visible, input[type=radio]:visible")
    assert controls.count() >= 3  # the exclusion checkbox, "repeat until" and its two choices
    for control in controls.all():
        box = control.bounding_box()
        # Wagtail 7 draws checkboxes and radios itself; squeezed, they were thin bars.
        assert box["width"] >= 12 and box["height"] >= 12, control.evaluate("e => e.outerHTML")
        label = control.locator("xpath=following-sibling::span[1]")
        label_box = label.bounding_box()
        assert label_box, control.evaluate("e => e.parentElement.outerHTML")
        overlap_x = min(box["x"] + box["width"], label_box["x"] + label_box["width"]) - max(
            box["x"], label_box["x"]
        )
        overlap_y = min(box["y"] + box["height"], label_box["y"] + label_box["height"]) - max(
            box["y"], label_box["y"]
        )
        assert overlap_x <= 0 or overlap_y <= 0, label.inner_text()
