"""The recurrence editor of an event series in the Wagtail admin, in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Site
from wagtail.users.models import UserProfile

from tests import factories
from wagtail_integration.events.models import EventIndexPage


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_recurrence_widget_works_in_the_page_editor(live_server, browser_page, tmp_path):
    factories.ensure_default_site()
    root = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage(title="Veranstaltungen", slug="veranstaltungen")
    root.add_child(instance=index)
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()

    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/add/integration_events/eventseriespage/{index.pk}/")
    widget = page.locator("div.recurrence-widget")
    widget.scroll_into_view_if_needed()
    widget.get_by_text("Add rule").click()
    # django-recurrence's script writes the rule the editor builds into the hidden field.
    page.wait_for_function("document.getElementById('id_recurrence').value.includes('RRULE:FREQ=')")
    page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)
    print(tmp_path / "editor.png")
    assert errors == []
    # The panels after the widget start below it, not beside it (django-recurrence floats it).
    bottom = widget.bounding_box()["y"] + widget.bounding_box()["height"]
    after = page.get_by_role("heading", name="Changes to single dates").bounding_box()
    assert after["y"] >= bottom
