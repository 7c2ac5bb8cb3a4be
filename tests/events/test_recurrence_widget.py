"""The recurrence widget of the series editor: its scripts, its catalog, its label."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from wagtail.users.models import UserProfile

from wagtail_integration.events.widgets import RecurrenceWidget, recurrence_catalog

pytestmark = pytest.mark.django_db

CATALOG_URL = "/admin/integration/events/jsi18n/recurrence/"

#: What the series editor showed in English in a German admin (issue 18).
ISSUE_STRINGS = ["Add rule", "Frequency", "Repeat until", "Exclude these occurences"]


def editor_client(client, language):
    """A client logged in as an editor whose admin language is ``language``."""
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def test_the_widget_keeps_the_admins_javascript_catalog():
    scripts = RecurrenceWidget().media._js
    # Django's jquery.init.js replaces window.django and with it the admin's translations.
    assert "admin/js/jquery.init.js" not in scripts
    assert "wagtail_integration/js/recurrence-jquery.js" in scripts
    # The catalog of the widget's messages is there before its scripts read them.
    assert scripts.index(CATALOG_URL) < scripts.index("recurrence/js/recurrence.js")
    css = RecurrenceWidget().media._css["all"]
    assert css.index("recurrence/css/recurrence.css") < css.index(
        "wagtail_integration/css/recurrence-widget.css"
    )


def test_the_catalog_is_served_in_the_editors_language(client):
    response = editor_client(client, "de").get(CATALOG_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    # Django's catalog already names the weekdays; the view passes them on.
    assert '"Monday": "Montag"' in body
    # Only the widget's messages: none of the admin's own (served by Wagtail's catalog).
    assert "Collapse all" not in body


def plural_rule(script):
    """The plural rule a catalog script of Django's sets as ``django.pluralidx``."""
    return re.search(r"django\.pluralidx = function\(n\) \{\s*const v = (.*?);\n", script)[1]


def test_the_catalog_keeps_the_admins_plural_rule(client):
    # The catalog script sets django.pluralidx again: it must be the rule of Wagtail's catalog,
    # or Wagtail's plurals in Russian would take English forms after the widget loaded.
    client = editor_client(client, "ru")
    ours = plural_rule(client.get(CATALOG_URL).content.decode())
    wagtails = plural_rule(client.get("/admin/jsi18n/").content.decode())
    assert ours == wagtails
    assert "n%10==1" in ours.replace(" ", "")


def test_the_catalog_needs_an_admin_login(client):
    response = client.get(CATALOG_URL)
    assert response.status_code == 302


def test_messages_with_a_context_are_keyed_as_djangos_catalog_keys_them():
    with translation.override("de"):
        catalog = recurrence_catalog()
    assert catalog["month name\x04May"] == "Mai"


def test_messages_the_language_leaves_as_they_are_are_left_out():
    with translation.override("de"):
        catalog = recurrence_catalog()
    assert "April" not in catalog  # the same word in German
    assert "Monday" in catalog


@pytest.mark.parametrize("language", ["de", "ar", "fa", "ru", "tr", "uk"])
def test_every_admin_language_translates_the_widget(language):
    with translation.override(language):
        catalog = recurrence_catalog()
    assert [message for message in ISSUE_STRINGS if message not in catalog] == []


def test_the_field_is_labelled_in_the_editors_language(client, event_index):
    url = f"/admin/pages/add/integration_events/eventseriespage/{event_index.pk}/"
    html = editor_client(client, "de").get(url).content.decode()
    assert "Wiederholung" in html
    assert ">Recurrence<" not in html
