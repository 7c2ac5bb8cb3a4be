"""The shared ``locale`` handling of the content endpoints (wagtail_integration/api/locale.py,
on the package's fallback in wagtail_integration/localization.py)."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from ninja.errors import ValidationError

from tests import factories
from wagtail_integration.api.locale import use_locale
from wagtail_integration.localization import ContentLocale, localize_many, localized
from wagtail_integration.topics.models import Topic

pytestmark = pytest.mark.django_db

ENGLISH = ContentLocale(language="en", source="de")


def test_localized_gives_one_version_per_item_translated_where_possible():
    translated = factories.topic(name="Gesundheit")
    english = factories.translate_snippet(translated, "en", name="Health")
    german_only = factories.topic(name="Schule")
    arabic_only = Topic.objects.create(
        name="عمل", slug="arbeit", locale=factories.locale("ar"), sort_order=0
    )

    shown = set(localized(Topic.objects.all(), ENGLISH))

    assert shown == {english, german_only}
    assert arabic_only not in shown


def test_localized_counts_a_translation_outside_the_queryset_as_missing():
    topic = factories.topic(name="Gesundheit")
    factories.translate_snippet(topic, "en", name="Health")

    shown = list(localized(Topic.objects.exclude(name="Health"), ENGLISH))

    assert shown == [topic]


def test_localize_many_keeps_order_and_none_and_falls_back_to_the_source():
    health, school = factories.topic(name="Gesundheit"), factories.topic(name="Schule")
    health_en = factories.translate_snippet(health, "en", name="Health")
    school_ar = factories.translate_snippet(school, "ar", name="مدرسة")

    result = localize_many([school_ar, None, health, health_en], ENGLISH, Topic.objects.all())

    assert result == [school, None, health_en, health_en]


def test_localize_many_gives_none_for_what_the_queryset_hides():
    topic = factories.topic(name="Gesundheit")

    assert localize_many([topic], ENGLISH, Topic.objects.none()) == [None]


def test_use_locale_activates_the_language_and_remembers_it_on_the_request():
    request = RequestFactory().get("/")

    with translation.override("de"):
        content_locale = use_locale(request, "EN-gb")
        active = translation.get_language()

    assert content_locale == ENGLISH
    assert request.content_locale == ENGLISH
    assert active == "en"


def test_use_locale_refuses_an_unknown_language_naming_the_parameter():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        use_locale(RequestFactory().get("/"), "xx")

    [detail] = error.value.errors
    assert detail["loc"] == ("query", "locale")
    assert detail["msg"].startswith("“xx” is not a language of this site.")
