"""The "Volunteer coordination" group, with what coordinators need and nothing more.

The group's name is a contract (issue 5), stored in English.
The group is made by :func:`wagtail_integration.groups.group_migration`.
"""

from django.db import migrations

from wagtail_integration.groups import group_migration

GROUP = "Volunteer coordination"

#: (app label, model, codename) of every permission the group holds.
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    *[
        ("integration_volunteering", model, f"{action}_{model}")
        for model in ("volunteerinterest", "volunteernote", "volunteerlanguage")
        for action in ("add", "change", "delete", "view")
    ],
    ("integration_submissions", "dataprotectionlog", "manage_personal_data"),
    ("integration_submissions", "dataprotectionlog", "view_dataprotectionlog"),
    ("integration_submissions", "notification", "view_notification"),
]


create_group, remove_group = group_migration(GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("integration_submissions", "0001_initial"),
        ("integration_volunteering", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
