"""The Integrationsehrennadel, the award new recipient pages default to."""

import uuid

from django.conf import settings
from django.db import migrations


def create_award(apps, schema_editor):
    Award = apps.get_model("integration_honours", "Award")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    locale = locale or Locale.objects.order_by("pk").first()
    if locale is None or Award.objects.filter(slug="integrationsehrennadel").exists():
        return
    Award.objects.create(
        name="Integrationsehrennadel",
        slug="integrationsehrennadel",
        description="",
        # Editors set the year the city first gave it; until then any year from 2000 is valid.
        first_year=2000,
        locale=locale,
        translation_key=uuid.uuid4(),
    )


def remove_award(apps, schema_editor):
    Award = apps.get_model("integration_honours", "Award")
    HonourRecipientPage = apps.get_model("integration_honours", "HonourRecipientPage")
    awards = Award.objects.filter(slug="integrationsehrennadel")
    if not HonourRecipientPage.objects.filter(award__in=awards).exists():
        awards.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integration_honours", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_award, remove_award)]
