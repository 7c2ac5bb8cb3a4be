"""The one locale fallback of the package and its source language (wagtail_integration/
localization.py): the choice in plain Python, then the three query helpers, each one query per
kind of object whatever their number."""

from types import SimpleNamespace

import pytest
from wagtail.models import Locale

from tests import factories
from wagtail_integration.directory.models import Organisation
from wagtail_integration.localization import (
    ContentLocale,
    Ref,
    is_fallback,
    localize,
    localize_many,
    localized,
    localized_filter,
    pick_versions,
    source_language,
    translate_many,
)

ENGLISH = ContentLocale(language="en", source="de")


def version(pk, key, language):
    """A stand-in for a translatable object: all that the plain choice reads."""
    return SimpleNamespace(
        pk=pk, translation_key=key, locale=SimpleNamespace(language_code=language)
    )


# The choice, plain.


def test_the_languages_of_a_content_locale_are_the_requested_then_the_source_once():
    assert ENGLISH.languages == ["en", "de"]
    assert ContentLocale(language="de", source="de").languages == ["de"]


def test_a_content_locale_of_a_locale_or_a_code_falls_back_to_the_source_language():
    assert ContentLocale.of(SimpleNamespace(language_code="ar")) == ContentLocale("ar", "de")
    assert ContentLocale.of("uk") == ContentLocale("uk", "de")


def test_pick_versions_prefers_the_language_then_the_source_then_the_object_itself():
    health_de, health_en = version(1, "health", "de"), version(2, "health", "en")
    school_de = version(3, "school", "de")
    work_ar = version(4, "work", "ar")
    candidates = [health_de, health_en, school_de, work_ar]

    picked = pick_versions(
        [health_de, None, version(5, "school", "ar"), work_ar], candidates, ENGLISH.languages
    )

    assert picked == [health_en, None, school_de, work_ar]


def test_pick_versions_gives_none_for_an_object_without_any_candidate():
    assert pick_versions([version(1, "health", "de")], [], ENGLISH.languages) == [None]


def test_an_object_is_a_fallback_when_its_language_is_not_the_requested_one():
    assert is_fallback(version(1, "health", "de"), ENGLISH)
    assert not is_fallback(version(2, "health", "en"), ENGLISH)


# The source language.


@pytest.mark.django_db
def test_the_source_language_is_the_default_locales_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        language = source_language()

    assert language == "de"
    assert Locale.get_default().language_code == language


# The helpers, on the database.


def organisations(count, *, translated_into=None):
    """``count`` German organisations, each translated into ``translated_into`` when given."""
    sources = [factories.organisation(name=f"Verein {n}") for n in range(count)]
    translations = [
        factories.translate_snippet(o, translated_into, name=f"Club {n}")
        for n, o in enumerate(sources)
        if translated_into
    ]
    return sources, translations


@pytest.mark.django_db
def test_localized_shows_each_object_once_in_the_language_else_in_the_source():
    (translated, german_only), _ = organisations(2)
    english = factories.translate_snippet(translated, "en", name="Club")
    arabic_only = Organisation.objects.create(
        name="نادي", locale=factories.locale("ar"), kind=translated.kind
    )

    shown = set(localized(Organisation.objects.all(), ENGLISH))

    assert shown == {english, german_only}
    assert arabic_only not in shown
    assert set(localized(Organisation.objects.all(), ContentLocale("de", "de"))) == {
        translated,
        german_only,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 10])
def test_localized_takes_one_query_whatever_the_number_of_objects(count, django_assert_num_queries):
    organisations(count, translated_into="en")
    organisations(count)

    with django_assert_num_queries(1):
        shown = list(localized(Organisation.objects.all(), ENGLISH))
        languages = {o.locale.language_code for o in shown}

    assert len(shown) == 2 * count
    assert languages == {"en", "de"}


@pytest.mark.django_db
def test_localized_filter_selects_by_locale_what_localized_shows():
    organisations(2, translated_into="en")
    organisations(2)
    english, german = factories.locale("en"), factories.locale("de")
    everything = Organisation.objects.all()

    for locale in (english, german):
        selected = set(everything.filter(localized_filter(everything, locale)))
        assert selected == set(localized(everything, ContentLocale.of(locale)))
    assert len(selected) == 4


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 10])
def test_localize_many_takes_one_query_whatever_the_number_of_objects(
    count, django_assert_num_queries
):
    sources, translations = organisations(count, translated_into="en")
    untranslated, _ = organisations(count)

    with django_assert_num_queries(1):
        result = localize_many([*sources, None, *untranslated], ENGLISH, Organisation.objects.all())

    assert result == [*translations, None, *untranslated]


@pytest.mark.django_db
def test_localize_many_of_nothing_but_none_takes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert localize_many([None, None], ENGLISH, Organisation.objects.all()) == [None, None]


@pytest.mark.django_db
def test_localize_many_maps_a_rows_ids_as_it_maps_the_objects():
    (translated, untranslated), _ = organisations(2)
    english = factories.translate_snippet(translated, "en", name="Club")
    refs = [Ref(o.pk, o.translation_key) for o in (translated, untranslated)]

    assert localize_many(refs, ENGLISH, Organisation.objects.all()) == [english, untranslated]


@pytest.mark.django_db
def test_localize_gives_none_for_what_the_queryset_hides():
    (organisation,), _ = organisations(1)

    assert localize(organisation, ENGLISH, Organisation.objects.none()) is None
    assert localize(organisation, ENGLISH, Organisation.objects.all()) == organisation


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 10])
def test_translate_many_takes_one_query_and_keeps_what_has_no_translation(
    count, django_assert_num_queries
):
    sources, translations = organisations(count, translated_into="en")
    untranslated, _ = organisations(count)
    english = factories.locale("en")

    with django_assert_num_queries(1):
        result = translate_many([*sources, None, *untranslated], english)

    assert result == [*translations, None, *untranslated]


@pytest.mark.django_db
def test_translate_many_takes_no_query_when_everything_is_in_the_locale_already(
    django_assert_num_queries,
):
    sources, _ = organisations(3, translated_into="en")
    german = factories.locale("de")

    with django_assert_num_queries(0):
        assert translate_many([*sources, None], german) == [*sources, None]


@pytest.mark.django_db
def test_translate_many_only_takes_translations_from_the_queryset():
    sources, _ = organisations(2, translated_into="en")

    result = translate_many(sources, factories.locale("en").pk, Organisation.objects.none())

    assert result == sources
