"""Translating recipient pages with wagtail-localize: the laudation translated, the facts synced."""

import datetime

import pytest
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from tests import factories
from wagtail_integration.honours.models import Award, HonourRecipientPage

pytestmark = pytest.mark.django_db


def field_kinds(model):
    return {field.field_name: type(field) for field in get_translatable_fields(model)}


def test_the_laudation_and_alt_text_are_translated_and_the_facts_synchronised():
    kinds = field_kinds(HonourRecipientPage)
    for name in ("title", "laudation", "photo_alt"):
        assert kinds[name] is TranslatableField, name
    for name in ("year", "is_group", "photo", "photo_credit", "consent_date"):
        assert kinds[name] is SynchronizedField, name


def test_a_translated_page_keeps_the_facts_and_has_its_own_laudation():
    index = factories.honour_index()
    photo = factories.image()
    page = factories.honour_recipient(
        index,
        title="Erika Musterfrau",
        year=2023,
        photo=photo,
        photo_alt="Eine Frau mit Urkunde",
        photo_credit="Stadt Beispiel",
        laudation="<p>Für viele Jahre im Sprachcafé.</p>",
    )

    english = factories.translate_page(
        page,
        "en",
        laudation="<p>For many years at the language café.</p>",
        photo_alt="A woman holding a certificate",
    )

    english = HonourRecipientPage.objects.get(pk=english.pk)
    assert english.live
    assert english.locale.language_code == "en"
    assert english.laudation == "<p>For many years at the language café.</p>"
    assert english.photo_alt == "A woman holding a certificate"
    assert (english.year, english.photo_id, english.photo_credit, english.consent_date) == (
        2023,
        photo.pk,
        "Stadt Beispiel",
        page.consent_date,
    )
    assert english.get_parent().locale.language_code == "en"


def translate_strings(source, locale, translations):
    """Record ``translations`` (German text → text in ``locale``) for ``source``'s segments."""
    for segment in source.stringsegment_set.select_related("string", "context"):
        if segment.string.data in translations:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translations[segment.string.data]},
            )


def test_changed_facts_reach_the_translation_while_its_laudation_stays_english(
    django_capture_on_commit_callbacks,
):
    index = factories.honour_index()
    factories.translate_page(index, "en", title="Honour recipients")
    award = Award.objects.get(slug="integrationsehrennadel")
    english_award = factories.translate_snippet(award, "en", name="Integration Pin of Honour")
    page = factories.honour_recipient(
        index,
        title="Erika Musterfrau",
        year=2023,
        laudation="<p>Für viele Jahre im Sprachcafé.</p>",
    )
    english = factories.locale("en")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=english)
    translate_strings(
        source, english, {"Für viele Jahre im Sprachcafé.": "For many years at the language café."}
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    translated = page.get_translation(english).specific
    assert translated.live
    assert translated.laudation == "<p>For many years at the language café.</p>"
    assert translated.award == english_award

    photo = factories.image()
    page.year = 2024
    page.is_group = True
    page.photo = photo
    page.photo_alt = "Zehn Menschen vor dem Rathaus"
    page.photo_credit = "Stadt Beispiel"
    page.consent_date = datetime.date(2024, 3, 1)
    page.save_revision().publish()
    source.update_from_db()
    translate_strings(source, english, {"Zehn Menschen vor dem Rathaus": "Ten people in front"})
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    translated = HonourRecipientPage.objects.get(pk=translated.pk)
    assert translated.laudation == "<p>For many years at the language café.</p>"
    assert translated.photo_alt == "Ten people in front"
    assert (translated.year, translated.is_group, translated.photo_id) == (2024, True, photo.pk)
    assert translated.photo_credit == "Stadt Beispiel"
    assert translated.consent_date == datetime.date(2024, 3, 1)
    assert translated.award == english_award
