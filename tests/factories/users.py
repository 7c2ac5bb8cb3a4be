"""The admin workspaces of submissions: their groups and members."""


def _migrated_group(migration):
    """The group the data migration ``migration`` makes, made again if a transactional test
    flushed it."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db import connection

    module = importlib.import_module(migration)
    group = Group.objects.filter(name=module.GROUP).first()
    if group is None:
        # All the migration's function reads of its schema editor is the connection.
        module.create_group(apps, SimpleNamespace(connection=connection))
        group = Group.objects.get(name=module.GROUP)
    return group


def coordination_group():
    """The "Volunteer coordination" group of the submissions app's data migration, with the
    permissions the registrations app's migration grants it (given again after a flush)."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    group = _migrated_group("wagtail_integration.submissions.migrations.0002_coordination_group")
    registrations = importlib.import_module(
        "wagtail_integration.registrations.migrations.0002_coordination_permissions"
    )
    registrations.grant(apps, SimpleNamespace(connection=connection))
    return group


def jury_group():
    """The "Honours jury" group of the honours app's data migration."""
    return _migrated_group("wagtail_integration.honours.migrations.0003_honours_jury_group")


def _user(username, groups, **fields):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", **fields)
    user.groups.add(*groups)
    return user


def coordinator(username="koordination", **fields):
    """An active user in the coordination group, and nothing else."""
    return _user(username, [coordination_group()], **fields)


def jury_member(username="jury", also=(), **fields):
    """An active user in the jury group and in the groups named in ``also`` (e.g. "Editors")."""
    from django.contrib.auth.models import Group

    return _user(username, [jury_group(), *Group.objects.filter(name__in=also)], **fields)
