"""Translating an organisation with wagtail-localize: texts translated, contact data synced."""

from decimal import Decimal

import pytest
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from tests import factories
from wagtail_integration.directory.models import Organisation

pytestmark = pytest.mark.django_db


def test_contact_data_follows_the_source_while_the_name_stays_translated():
    organisation = factories.organisation(
        name="Migrationsberatung",
        phone="+49 261 000-0001",
        latitude=Decimal("50.36"),
        longitude=Decimal("7.59"),
    )
    english = factories.locale("en")
    source, _created = TranslationSource.get_or_create_from_instance(organisation)
    translation = Translation.objects.create(source=source, target_locale=english)
    # Translate the name; leave the other texts to fall back to the source.
    for segment in source.stringsegment_set.select_related("string"):
        if segment.string.data == "Migrationsberatung":
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data="Migration advice",
            )
    translation.save_target(publish=True)
    translated = Organisation.objects.get(locale=english)
    assert translated.name == "Migration advice"
    assert translated.phone == "+49 261 000-0001"

    organisation.phone = "+49 261 000-0002"
    organisation.email = "neu@example.org"
    organisation.latitude = Decimal("50.35")
    organisation.save()
    source.update_from_db()
    translation.save_target(publish=True)

    translated.refresh_from_db()
    assert translated.name == "Migration advice"
    assert translated.phone == "+49 261 000-0002"
    assert translated.email == "neu@example.org"
    assert translated.latitude == Decimal("50.35")
    assert translated.language_codes == organisation.language_codes
