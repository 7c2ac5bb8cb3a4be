"""Who sees offers of help: the coordination group does, an editor outside it sees nothing.

Every workspace URL is tried as an editor who may use the admin but is not a coordinator: the
answer is a refusal, and no name or address of a person is in it. Text sent by visitors comes
out escaped wherever coordinators see it.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse

from tests import factories
from tests.volunteering.support import bulk_url, viewset_url
from wagtail_integration.volunteering.admin_forms import COORDINATION_GROUP
from wagtail_integration.volunteering.models import Status, VolunteerInterest, VolunteerNote

pytestmark = pytest.mark.django_db

NAME = "Zora Unsichtbar"
EMAIL = "zora.unsichtbar@example.org"
SECRETS = ["Unsichtbar", "zora.unsichtbar"]

_group_migration = importlib.import_module(
    "wagtail_integration.submissions.migrations.0002_coordination_group"
)


class _SchemaEditor:
    connection = connection


@pytest.fixture
def offer():
    return factories.volunteer_interest(
        NAME, email=EMAIL, district="Geheimviertel", message="Bitte vertraulich."
    )


@pytest.fixture
def editor_client(client):
    """An editor: may use the admin and edit pages, is not in the coordination group."""
    editors, _created = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("redakteur", "r@example.org", "pw")
    user.groups.add(editors)
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(client):
    client.force_login(factories.coordinator())
    return client


def workspace_urls(offer):
    """Every URL of the workspace and the personal-data pages that shows or changes data."""
    chooser = VolunteerInterest.snippet_viewset.chooser_viewset
    return [
        viewset_url("list"),
        viewset_url("list_results"),
        viewset_url("list") + "?q=Zora",
        viewset_url("list") + "?export=csv",
        viewset_url("list") + "?export=xlsx",
        viewset_url("add"),
        viewset_url("edit", offer.pk),
        viewset_url("inspect", offer.pk),
        viewset_url("delete", offer.pk),
        viewset_url("history", offer.pk),
        viewset_url("usage", offer.pk),
        bulk_url("change_status", offer),
        bulk_url("assign", offer),
        bulk_url("delete", offer),
        reverse(chooser.get_url_name("choose")),
        reverse(chooser.get_url_name("choose_results")) + "?q=Zora",
        reverse(chooser.get_url_name("chosen"), args=[offer.pk]),
        reverse("integration_personal_data:index"),
        reverse("integration_personal_data:log"),
    ]


def assert_refused_without_personal_data(response):
    assert response.status_code in (302, 403), response.request["PATH_INFO"]
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body, response.request["PATH_INFO"]


def test_an_editor_outside_the_group_is_refused_every_workspace_url(editor_client, offer):
    for url in workspace_urls(offer):
        assert_refused_without_personal_data(editor_client.get(url))
        followed = editor_client.get(url, follow=True)
        for secret in SECRETS:
            assert secret not in followed.content.decode(), url


def test_an_editor_changes_nothing_by_posting_to_the_workspace(editor_client, offer):
    posts = [
        (bulk_url("change_status", offer), {"status": Status.DECLINED}),
        (bulk_url("assign", offer), {"coordinator": ""}),
        (bulk_url("delete", offer), {}),
        (viewset_url("delete", offer.pk), {}),
        (viewset_url("edit", offer.pk), {"name": "Geändert", "status": Status.DECLINED}),
        (reverse("integration_personal_data:index"), {"email": EMAIL, "action": "export"}),
        (reverse("integration_personal_data:index"), {"email": EMAIL, "action": "confirm-erase"}),
    ]
    for url, data in posts:
        assert_refused_without_personal_data(editor_client.post(url, data))
    offer.refresh_from_db()
    assert (offer.name, offer.status) == (NAME, Status.NEW)


def test_an_editor_sees_no_menu_item_and_no_dashboard_panel(editor_client, offer):
    response = editor_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert viewset_url("list") not in html
    assert reverse("integration_personal_data:index") not in html
    assert "integration-offers-panel" not in html


def test_a_coordinator_sees_the_menu_items_and_the_dashboard_panel(coordinator_client, offer):
    html = coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert viewset_url("list") in html
    assert reverse("integration_personal_data:index") in html
    assert "integration-offers-panel" in html


@pytest.mark.parametrize("client_fixture", ["editor_client", "coordinator_client"])
def test_the_admin_search_does_not_reveal_an_offer(request, client_fixture, offer):
    client = request.getfixturevalue(client_fixture)
    # The admin's global search (the sidebar's search box) is Wagtail's page search.
    response = client.get(reverse("wagtailadmin_pages:search") + "?q=Zora", follow=True)
    assert response.status_code == 200
    assert "Unsichtbar" not in response.content.decode()


def test_a_coordinator_reaches_every_workspace_url(coordinator_client, offer):
    for url in workspace_urls(offer):
        response = coordinator_client.get(url)
        assert response.status_code == 200, url


def test_the_migration_gives_the_group_exactly_the_coordinators_permissions():
    group = factories.coordination_group()
    # Wagtail's own migrations add "choose" permissions to every group that can use the admin.
    permissions = set(
        group.permissions.exclude(codename__startswith="choose_").values_list(
            "content_type__app_label", "codename"
        )
    )
    expected = {("wagtailadmin", "access_admin")}
    for model in ("volunteerinterest", "volunteernote", "volunteerlanguage"):
        for action in ("add", "change", "delete", "view"):
            expected.add(("integration_volunteering", f"{action}_{model}"))
    expected |= {
        ("integration_submissions", "manage_personal_data"),
        ("integration_submissions", "view_dataprotectionlog"),
        ("integration_submissions", "view_notification"),
    }
    # The registrations app's migration adds what the registrations workspace asks for.
    expected |= {
        ("integration_registrations", codename)
        for codename in (
            "view_registrants",
            "view_registration",
            "add_registration",
            "change_registration",
        )
    }
    assert permissions == expected


def test_the_group_migration_runs_again_without_harm_and_is_reversed_by_removing_the_group():
    group = factories.coordination_group()
    before = set(group.permissions.values_list("pk", flat=True))
    _group_migration.create_group(apps, _SchemaEditor)
    assert Group.objects.filter(name=COORDINATION_GROUP).count() == 1
    assert set(group.permissions.values_list("pk", flat=True)) == before
    _group_migration.remove_group(apps, _SchemaEditor)
    assert not Group.objects.filter(name=COORDINATION_GROUP).exists()


# -- escaping ----------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
MARKUP = '<img src=x onerror="alert(2)">'


@pytest.fixture
def hostile_offer():
    text = f"{SCRIPT}{MARKUP}"
    offer = factories.volunteer_interest(
        text,
        email="x@example.org",
        phone=SCRIPT,  # the field holds 40 characters
        district=text,
        availability_note=text,
        experience=text,
        message=text,
    )
    VolunteerNote.objects.create(interest=offer, text=text)
    return offer


def test_script_and_markup_come_out_escaped_in_list_inspect_edit_and_bulk_pages(
    coordinator_client, hostile_offer
):
    urls = [
        viewset_url("list"),
        viewset_url("inspect", hostile_offer.pk),
        viewset_url("edit", hostile_offer.pk),
        viewset_url("delete", hostile_offer.pk),
        bulk_url("change_status", hostile_offer),
        bulk_url("assign", hostile_offer),
    ]
    for url in urls:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SCRIPT not in html, url
        assert MARKUP not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003Cscript" in html, url
