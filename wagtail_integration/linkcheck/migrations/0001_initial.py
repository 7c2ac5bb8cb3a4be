"""The link checker's and the review reminders' models, moved here from ``integration_topics``.

Their tables exist already (``integration_topics`` 0002): the models enter this app's state over
those tables, without touching the database, and then the tables take this app's names, rows
and all. The content types follow, so that permissions given on the models are kept.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["checkedurl", "linkcheck", "linkusage", "reviewreminder"]


def move_content_types(apps, schema_editor, old="integration_topics", new="integration_linkcheck"):
    """Relabel the models' content types (and so their permissions) from ``old`` to ``new``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="integration_linkcheck", new="integration_topics")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('integration_directory', '0003_organisationdirectorypage'),
        ('integration_topics', '0004_guide_rich_text_blocks'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CheckedURL',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('url', models.TextField(verbose_name='address (URL)')),
                        ('key', models.CharField(editable=False, max_length=64, unique=True, verbose_name='key')),
                        ('host', models.CharField(blank=True, db_index=True, max_length=255, verbose_name='host')),
                        ('first_seen_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='first seen')),
                        ('last_seen_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, help_text='When a run last found the address in a guide or an organisation.', verbose_name='last seen')),
                        ('failing_since', models.DateTimeField(blank=True, help_text='The first check of the current run of failed checks.', null=True, verbose_name='failing since')),
                    ],
                    options={
                        'db_table': 'integration_topics_checkedurl',
                        'verbose_name': 'checked link',
                        'verbose_name_plural': 'checked links',
                        'ordering': ['url'],
                    },
                ),
                migrations.CreateModel(
                    name='LinkCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('checked_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='checked at')),
                        ('kind', models.CharField(choices=[('ok', 'Working'), ('broken', 'Broken'), ('error', 'No answer'), ('blocked', 'Internal address')], max_length=10, verbose_name='result')),
                        ('status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP status')),
                        ('error_code', models.CharField(blank=True, choices=[('invalid_url', 'Not a valid web address'), ('blocked', 'Points to an internal or private address'), ('dns', 'The host name does not exist'), ('refused', 'The server refused the connection'), ('timeout', 'The server did not answer in time'), ('reset', 'The server broke off the connection'), ('tls', "The server's certificate or encryption is not valid"), ('too_many_redirects', 'Too many redirects'), ('redirect_loop', 'The redirects go round in a circle'), ('bad_redirect', 'Redirected to an address that cannot be checked'), ('other', 'Other error')], max_length=20, verbose_name='error')),
                        ('error_message', models.TextField(blank=True, verbose_name='error message')),
                        ('redirect_chain', models.JSONField(blank=True, default=list, help_text='Each redirect followed, in order: {"url": …, "status": …}.', verbose_name='redirects')),
                        ('final_url', models.TextField(blank=True, verbose_name='final address')),
                        ('duration_ms', models.PositiveIntegerField(default=0, verbose_name='duration (ms)')),
                        ('checked_url', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checks', to='integration_linkcheck.checkedurl', verbose_name='link')),
                    ],
                    options={
                        'db_table': 'integration_topics_linkcheck',
                        'verbose_name': 'link check',
                        'verbose_name_plural': 'link checks',
                        'ordering': ['-checked_at', '-pk'],
                    },
                ),
                migrations.AddField(
                    model_name='checkedurl',
                    name='latest_check',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='integration_linkcheck.linkcheck', verbose_name='latest check'),
                ),
                migrations.CreateModel(
                    name='LinkUsage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('field', models.CharField(help_text='The block or field that holds the link.', max_length=100, verbose_name='field')),
                        ('text', models.CharField(blank=True, max_length=255, verbose_name='link text')),
                        ('checked_url', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='usages', to='integration_linkcheck.checkedurl', verbose_name='link')),
                        ('guide', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='integration_topics.topicguidepage', verbose_name='guide')),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='integration_directory.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'db_table': 'integration_topics_linkusage',
                        'verbose_name': 'link usage',
                        'verbose_name_plural': 'link usages',
                    },
                ),
                migrations.CreateModel(
                    name='ReviewReminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('review_due', models.DateField(verbose_name='review due')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                        ('guide', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='integration_topics.topicguidepage', verbose_name='guide')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='person reminded')),
                    ],
                    options={
                        'db_table': 'integration_topics_reviewreminder',
                        'verbose_name': 'review reminder',
                        'verbose_name_plural': 'review reminders',
                    },
                ),
                migrations.AddIndex(
                    model_name='linkcheck',
                    index=models.Index(fields=['checked_url', '-checked_at'], name='integration_linkcheck_hist'),
                ),
                migrations.AddConstraint(
                    model_name='linkusage',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('guide__isnull', False), ('organisation__isnull', True)), models.Q(('guide__isnull', True), ('organisation__isnull', False)), _connector='OR'), name='integration_linkusage_one_place'),
                ),
                migrations.AddConstraint(
                    model_name='reviewreminder',
                    constraint=models.UniqueConstraint(fields=('guide', 'user'), name='integration_reviewreminder_unique'),
                ),
            ],
            database_operations=[],
        ),
        # The tables take this app's names (the default ``db_table``): a rename, rows kept.
        migrations.AlterModelTable(name='checkedurl', table=None),
        migrations.AlterModelTable(name='linkcheck', table=None),
        migrations.AlterModelTable(name='linkusage', table=None),
        migrations.AlterModelTable(name='reviewreminder', table=None),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
