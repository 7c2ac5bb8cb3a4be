"""The link checker's and the review reminders' models leave this app for ``integration_linkcheck``.

Only the migration state changes here: the tables and their rows were taken over by
``integration_linkcheck`` 0001, which this migration follows.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('integration_linkcheck', '0001_initial'),
        ('integration_topics', '0004_guide_rich_text_blocks'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='LinkUsage'),
                migrations.DeleteModel(name='ReviewReminder'),
                migrations.RemoveField(model_name='checkedurl', name='latest_check'),
                migrations.DeleteModel(name='LinkCheck'),
                migrations.DeleteModel(name='CheckedURL'),
            ],
            database_operations=[],
        ),
    ]
