"""What the registrations workspace tests share. Not a test module: test modules import it."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests import factories
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import Target

permissions_migration = importlib.import_module(
    "wagtail_integration.registrations.migrations.0002_coordination_permissions"
)


def grant_to_coordinators():
    """The coordination group with this app's permissions, made again if a transactional test
    flushed the groups (the users factory makes the group from the submissions app's migration
    alone)."""
    group = factories.coordination_group()
    permissions_migration.grant(apps, SimpleNamespace(connection=connection))
    return group


def coordinator(username="koordination", language="en", **fields):
    """A member of the coordination group whose admin language is ``language``."""
    grant_to_coordinators()
    user = factories.coordinator(username, **fields)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def admin_url(name, *args):
    """The URL of the workspace's view ``name``."""
    return reverse(f"integration_registrations_admin:{name}", args=args)


def dates(page):
    """The dates of ``page``, in order."""
    return list(Occurrence.objects.filter(series=page).order_by("start"))


def entry(occurrence, number, status="confirmed", *, series=None, **fields):
    """A registration of person ``number`` stored as it is, without the seat decision (for a
    date that is past, or a state to start from)."""
    series = series or occurrence.series
    defaults = {
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "language": "de",
        "starts_at": occurrence.start if occurrence else Target(series).starts_at,
    }
    return Registration.objects.create(
        series=series, occurrence=occurrence, status=status, **{**defaults, **fields}
    )


def register(target, number, **fields):
    """Person ``number`` registers as on the website: the seat decision, then the outbox."""
    from wagtail_integration.registrations.forms import RegistrationForm
    from wagtail_integration.submissions.intake import accept
    from wagtail_integration.submissions.models import Source

    form = RegistrationForm(factories.registration_data(target, number, **fields), target=target)
    assert form.is_valid(), form.errors
    return accept(form, page=target.series, source=Source.PAGE, language="de")


def page_editor(username="redaktion", *, coordinating=False):
    """An editor who may edit every page; ``coordinating`` puts them in the coordination group
    too."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    group, _created = Group.objects.get_or_create(name="Page editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.get_or_create(
        group=group,
        page=Page.objects.get(depth=1),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user.groups.add(group)
    if coordinating:
        user.groups.add(grant_to_coordinators())
    return user
