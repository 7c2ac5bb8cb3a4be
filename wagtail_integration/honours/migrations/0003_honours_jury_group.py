"""The "Honours jury" group: it reviews nominations and their notes, and nothing more.

The group's name is a contract (issue 6), stored in English. It holds no permission to manage
personal data (export and erasure stay with the data-protection staff) and no page permissions:
a jury member who turns a nomination into a recipient page must also be allowed to add pages
below the honours index.
The group is made by :func:`wagtail_integration.groups.group_migration`.
"""

from django.db import migrations

from wagtail_integration.groups import group_migration

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


create_group, remove_group = group_migration(GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("integration_honours", "0002_default_award"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
