"""The "Honours jury" group: it reviews nominations and their notes, and nothing more.

The group's name is a contract (issue 6), stored in English. It holds no permission to manage
personal data (export and erasure stay with the data-protection staff) and no page permissions:
a jury member who turns a nomination into a recipient page must also be allowed to add pages
below the honours index. The migration can run again without harm and is reversed by removing
the group (the permissions stay: Django owns them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Honours jury"

#: (app label, model, codename) of every permission the group holds.
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    *[
        ("integration_honours", model, f"{action}_{model}")
        for model in ("nomination", "nominationnote")
        for action in ("add", "change", "delete", "view")
    ],
]


def create_group(apps, schema_editor):
    # Django creates permissions after all migrations ran (post_migrate); a fresh database has
    # none yet, so they are created here for the app whose permissions the group needs.
    app_config = apps.get_app_config("integration_honours")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # None in a migration's app state
    try:
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    finally:
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    group, _created = Group.objects.using(db).get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.using(db).get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("integration_honours", "0002_default_award"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
