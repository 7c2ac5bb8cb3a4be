"""The German admin speaks German where Wagtail and wagtail-localize left English (issue 18).

An editor whose admin language is German signs in and visits the pages where English showed:
the login form, a chooser with its language filter, "Translate this page", the sites listing
and the page editor's workflow action. The strings come from Wagtail's and wagtail-localize's
catalogs (entries the package's catalog adds, ``wagtail_integration/admin_strings.py``) and
from labels Wagtail derives from field names (``label_derived_fields``).
"""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, Site
from wagtail.users.models import UserProfile

from example_site.home.models import HomePage
from wagtail_integration.directory.models import Venue

USERNAME = "redaktion"
PASSWORD = "browser-test-password"  # noqa: S105 (a throw-away user of the test database)

#: English as it showed in the German admin; none of it may appear on the pages visited.
ENGLISH = ["Password", "Locale", "Site name", "Root page", "Submit to"]


@pytest.fixture
def german_editor():
    """A superuser whose admin language is German."""
    user = get_user_model().objects.create_superuser(USERNAME, "redaktion@example.com", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "de"
    profile.save()
    return user


def english_in(text):
    """The English strings of :data:`ENGLISH` found in ``text`` (as whole words), each with
    what surrounds it, so that a failure shows where."""
    return [
        text[max(match.start() - 60, 0) : match.end() + 20]
        for word in ENGLISH
        for match in re.finditer(rf"\b{re.escape(word)}\b", text)
    ]


def visible_text(page):
    """What the page shows: its text and its form fields' labels, not its markup."""
    return page.locator("body").inner_text()


def speak_german(page, url):
    """Make ``page`` a German browser: before login, the admin follows what the browser asks."""
    page.set_extra_http_headers({"Accept-Language": "de"})
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "de", "url": url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # the live server's thread only sees committed data
def test_the_german_admin_shows_none_of_the_english_strings(
    live_server, browser_page, german_editor
):
    # A transactional test before this one may have emptied every table, the root collection
    # (made by Wagtail's migration, the demo's image belongs to it) too.
    if not Collection.objects.exists():
        Collection.add_root(instance=Collection(pk=1, name="Root"))
    call_command("load_demo_data", stdout=io.StringIO())
    page = browser_page
    admin = f"{live_server.url}/admin"
    speak_german(page, live_server.url)
    german_home = HomePage.objects.get(locale__language_code="de")

    # The login page: the password field's label was derived from its name.
    page.goto(f"{admin}/login/")
    assert english_in(visible_text(page)) == []
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{admin}/")
    assert english_in(visible_text(page)) == []  # the dashboard and its menu ("Locales")

    # A chooser of translatable snippets, with its language filter ("Locale").
    venue_chooser = reverse(f"{Venue.snippet_viewset.chooser_viewset.get_url_name('choose')}")
    page.goto(f"{live_server.url}{venue_chooser}")
    chooser = page.content()  # the modal's JSON: its HTML, with the filter's label
    assert english_in(chooser) == []
    assert "Sprache" in chooser

    # "Translate this page": the languages to translate into.
    page.goto(f"{admin}/localize/submit/page/{german_home.pk}/")
    translate = visible_text(page)
    assert english_in(translate) == []
    assert "Sprachen" in translate

    # The sites listing and a site's settings.
    page.goto(f"{admin}/sites/")
    listing = visible_text(page)
    assert english_in(listing) == []
    assert "Website-Name" in listing and "Ursprungsseite" in listing
    page.goto(f"{admin}/sites/edit/{Site.objects.get(is_default_site=True).pk}/")
    assert english_in(visible_text(page)) == []

    # The page editor's workflow action, in its action menu: Wagtail's German "In <workflow>
    # einreichen". The workflow's name is data (Wagtail's migration called it "Moderators
    # approval"), which a site renames under Settings → Workflows; it is not checked here.
    ensure_default_workflow()
    page.goto(f"{admin}/pages/{german_home.pk}/edit/")
    assert english_in(visible_text(page)) == []
    label = " ".join(page.locator("button[name='action-submit']").text_content().split())
    assert re.fullmatch(r"In .+ einreichen", label), label


def ensure_default_workflow():
    """Wagtail's migration makes a workflow on the root page; a transactional test before this
    one may have emptied that table too (the order of the suite decides)."""
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    if WorkflowPage.objects.exists():
        return
    workflow = Workflow.objects.create(name="Moderators approval")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())


# -- without a browser: the remedies themselves -----------------------------------------------


def test_the_login_forms_password_label_is_translated():
    from wagtail.admin.forms.auth import LoginForm

    with translation.override("de"):
        assert LoginForm().fields["password"].label == "Passwort"
    with translation.override("en"):
        assert LoginForm().fields["password"].label == "Password"


def test_the_sites_listing_labels_its_columns_by_the_fields_verbose_names():
    from wagtail.sites.views import IndexView

    with translation.override("de"):
        labels = [str(column.label) for column in IndexView.columns]
    assert "Website-Name" in labels and "Ursprungsseite" in labels
    assert "Site name" not in labels and "Root page" not in labels


@pytest.mark.django_db
def test_the_date_of_a_manual_translation_is_written_in_the_admins_language():
    from wagtail_localize.models import StringTranslation

    translated = StringTranslation(
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        updated_at=dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC),
    )
    with translation.override("de"):
        assert translated.get_comment() == "Manuell übersetzt am 7. Dezember 2026"
    with translation.override("en"):
        assert translated.get_comment() == "Translated manually on Dec. 7, 2026"
