"""The "Volunteer coordination" group sees and handles registrations.

The group (made by the submissions app's migration 0002) gets what the workspace asks for: see
registrants, add one by hand, move, cancel and record attendance. Granted through
:func:`wagtail_integration.groups.group_migration`, which makes the group if it is missing;
reversed by taking these permissions back, not by removing the group, which is not this app's.
"""

from django.db import migrations

from wagtail_integration.groups import group_migration

GROUP = "Volunteer coordination"

#: (app label, model, codename) of every permission granted.
PERMISSIONS = [
    ("integration_registrations", "registration", codename)
    for codename in (
        "view_registrants",
        "view_registration",
        "add_registration",
        "change_registration",
    )
]


grant, _remove_group = group_migration(GROUP, PERMISSIONS)


def revoke(apps, schema_editor):
    """Take the permissions back from the group; the group stays."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    permissions = Permission.objects.using(db).filter(
        content_type__app_label="integration_registrations",
        codename__in=[codename for _label, _model, codename in PERMISSIONS],
    )
    for group in Group.objects.using(db).filter(name=GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("integration_submissions", "0002_coordination_group"),
        ("integration_registrations", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
