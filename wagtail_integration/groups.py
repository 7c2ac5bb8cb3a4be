"""The permission groups that data migrations create ("Volunteer coordination", "Honours jury").

Migrations-safe: it imports no model and works on the historical models a migration passes in.
A group made this way can be created again without harm and is reversed by removing it (the
permissions stay: Django owns them).
"""

from django.contrib.auth.management import create_permissions

__all__ = ["group_migration"]


def _create_app_permissions(apps, label, using):
    # Django creates permissions after all migrations ran (post_migrate); a fresh database has
    # none yet, so they are created here for each app whose permissions the group needs.
    app_config = apps.get_app_config(label)
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # None in a migration's app state
    try:
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
    finally:
        app_config.models_module = models_module


def group_migration(name, permissions):
    """The forward and backward functions of a ``RunPython`` that creates the group ``name``.

    ``permissions`` lists ``(app label, model, codename)`` of every permission the group holds;
    the permissions of our own apps (labels starting ``integration_``) are created first.
    """

    def create_group(apps, schema_editor):
        db = schema_editor.connection.alias
        labels = {label for label, _model, _codename in permissions}
        for label in sorted(label for label in labels if label.startswith("integration_")):
            _create_app_permissions(apps, label, db)
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        group, _created = Group.objects.using(db).get_or_create(name=name)
        for app_label, model, codename in permissions:
            permission = Permission.objects.using(db).get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
            group.permissions.add(permission)

    def remove_group(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Group.objects.using(schema_editor.connection.alias).filter(name=name).delete()

    return create_group, remove_group
