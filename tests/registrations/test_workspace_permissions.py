"""Who sees registrants: the coordination group and those with ``view_registrants`` do; an
editor without either is refused every page of the workspace and sees no name. Seeing is not
changing: moving, cancelling, attendance and adding need the model's change and add rights."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse
from wagtail import hooks

from tests import factories
from tests.registrations.support import (
    admin_url,
    coordinator,
    dates,
    entry,
    grant_to_coordinators,
    permissions_migration,
)
from wagtail_integration.registrations.models import Registration

pytestmark = pytest.mark.django_db

NAME = "Zora Unsichtbar"
SECRETS = ["Unsichtbar", "zora.unsichtbar"]


class _SchemaEditor:
    connection = connection


@pytest.fixture
def registered():
    """A course and a date of another series to come, each with Zora registered, and a date
    that has begun."""
    index = factories.event_index()
    date_page = factories.training(index, seats=1)
    course = factories.training(
        index, rule="RRULE:FREQ=WEEKLY;COUNT=2", registration_scope="series"
    )
    [occurrence] = dates(date_page)
    zora = entry(occurrence, 1, name=NAME, email="zora.unsichtbar@example.org")
    entry(None, 2, series=course, name=NAME, email="zora.unsichtbar@example.org")
    return occurrence, course, zora


def get_urls(occurrence, course):
    return [
        admin_url("index"),
        admin_url("index") + f"?series={occurrence.series_id}",
        admin_url("date", occurrence.pk),
        admin_url("date", occurrence.pk) + "?export=csv",
        admin_url("date", occurrence.pk) + "?export=xlsx",
        admin_url("course", course.pk),
        admin_url("course", course.pk) + "?export=csv",
        admin_url("add", occurrence.pk),
        admin_url("add_course", course.pk),
    ]


def action_urls(zora):
    return [
        admin_url("action", zora.pk, action)
        for action in ("confirm", "wait", "cancel", "attended", "no_show")
    ]


def user_with(*codenames, username="redakteur"):
    """An admin user holding only ``codenames`` (of registrations) beside admin access."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    group = Group.objects.create(name=f"Group of {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="integration_registrations", codename=codename
            )
        )
    user.groups.add(group)
    return user


def refused(response):
    """Wagtail's refusal of an admin page: PermissionDenied (403) becomes a redirect to the
    dashboard with "Sorry, you do not have permission…", except for a script's request."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def assert_refused_without_names(response):
    assert refused(response), response.request["PATH_INFO"]
    for secret in SECRETS:
        assert secret not in response.content.decode(), response.request["PATH_INFO"]


def test_an_editor_without_the_permission_is_refused_every_page_and_sees_no_menu_item(
    client, registered
):
    occurrence, course, zora = registered
    client.force_login(user_with())

    for url in get_urls(occurrence, course):
        assert_refused_without_names(client.get(url))
        followed = client.get(url, follow=True).content.decode()
        assert not any(secret in followed for secret in SECRETS), url
    for url in [*action_urls(zora), admin_url("add", occurrence.pk)]:
        assert_refused_without_names(client.post(url, {"name": "X", "email": "x@example.org"}))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    from_a_script = client.get(admin_url("index"), HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert admin_url("index") not in home
    assert from_a_script.status_code == 403
    zora.refresh_from_db()
    assert zora.status == "confirmed"
    assert Registration.objects.count() == 2


@pytest.mark.parametrize("codename", ["view_registrants", "view_registration"])
def test_seeing_registrants_is_not_changing_them(client, registered, codename):
    occurrence, course, zora = registered
    client.force_login(user_with(codename))

    for url in get_urls(occurrence, course):
        response = client.get(url)
        assert refused(response) if "/add/" in url else response.status_code == 200, url
    for url in action_urls(zora):
        assert refused(client.post(url))
    html = client.get(admin_url("date", occurrence.pk)).content.decode()

    assert NAME in html
    assert admin_url("action", zora.pk, "cancel") not in html
    assert admin_url("add", occurrence.pk) not in html
    assert admin_url("index") in client.get(reverse("wagtailadmin_home")).content.decode()
    zora.refresh_from_db()
    assert zora.status == "confirmed"


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_coordinators_and_superusers_reach_every_page(client, registered, who):
    occurrence, course, _zora = registered
    if who == "superuser":
        user = get_user_model().objects.create_superuser("chefin", "c@example.org", "pw")
    else:
        user = coordinator()
    client.force_login(user)

    for url in get_urls(occurrence, course):
        assert client.get(url).status_code == 200, url
    html = client.get(admin_url("date", occurrence.pk)).content.decode()
    assert NAME in html
    assert admin_url("action", _zora.pk, "cancel") in html
    assert admin_url("add", occurrence.pk) in html


def test_a_registration_the_host_hides_is_not_listed_exported_or_changed(client, registered):
    occurrence, _course, zora = registered
    client.force_login(coordinator())

    def hide_zora(user, queryset):
        return queryset.exclude(name=NAME)

    with hooks.register_temporarily("filter_integration_submissions_for_user", hide_zora):
        page = client.get(admin_url("date", occurrence.pk))
        export = client.get(admin_url("date", occurrence.pk) + "?export=csv")
        cancel = client.post(admin_url("action", zora.pk, "cancel"), follow=True)

    assert NAME not in page.content.decode()
    assert NAME not in b"".join(export.streaming_content).decode()
    assert cancel.status_code == 404
    zora.refresh_from_db()
    assert zora.status == "confirmed"


def test_names_and_messages_come_out_escaped(client, registered):
    occurrence, _course, _zora = registered
    script = "<script>alert(1)</script>"
    entry(occurrence, 3, status="waiting", name=script, note=script, accessibility=script)
    client.force_login(coordinator())

    html = client.get(admin_url("date", occurrence.pk)).content.decode()

    assert script not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# -- the migration ---------------------------------------------------------------------------


def _registration_permissions(group):
    return set(
        group.permissions.filter(content_type__app_label="integration_registrations").values_list(
            "codename", flat=True
        )
    )


def test_the_migration_gives_the_coordination_group_what_the_workspace_asks_for():
    group = grant_to_coordinators()

    assert _registration_permissions(group) == {
        "view_registrants",
        "view_registration",
        "add_registration",
        "change_registration",
    }


def test_the_migration_runs_again_without_harm_and_is_reversed_keeping_the_group():
    group = grant_to_coordinators()
    before = set(group.permissions.values_list("pk", flat=True))

    permissions_migration.grant(apps, _SchemaEditor)
    assert set(group.permissions.values_list("pk", flat=True)) == before
    permissions_migration.revoke(apps, _SchemaEditor)

    group.refresh_from_db()
    assert _registration_permissions(group) == set()
    assert group.permissions.filter(codename="change_volunteerinterest").exists()
