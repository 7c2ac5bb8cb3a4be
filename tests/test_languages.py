"""wagtail_integration/languages.py and the language-code validator."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from wagtail_integration.languages import is_known_language, language_choices, language_name
from wagtail_integration.validators import validate_language_code, validate_phone_number


def test_the_configured_site_languages_are_all_known():
    for code in ("de", "en", "ar", "uk", "tr", "ru", "fa"):
        assert is_known_language(code)


@pytest.fixture(autouse=True)
def english():
    """The messages asserted here are the English source texts."""
    with translation.override("en"):
        yield


def test_a_site_can_add_a_language_and_it_is_then_accepted():
    assert not is_known_language("ln")
    with override_settings(WAGTAIL_INTEGRATION={"EXTRA_LANGUAGES": [["ln", "Lingála"]]}):
        assert ("ln", "Lingála") in language_choices()
        assert language_name("ln") == "Lingála"
        validate_language_code("ln")
    with pytest.raises(ValidationError, match="not a known language code"):
        validate_language_code("ln")


def test_an_unknown_code_is_named_as_itself():
    assert language_name("xx") == "xx"


@pytest.mark.parametrize(
    "number", ["+49 261 129-0", "(0261) 129 1234", "0261/1291234", "+4926112910"]
)
def test_common_written_phone_numbers_are_accepted(number):
    validate_phone_number(number)


@pytest.mark.parametrize(
    "number", ["12345", "call us", "+49 261 ++1", "0261 129 1234 ext. 5", "1" * 18, "-0261 1"]
)
def test_malformed_phone_numbers_are_refused_with_an_example(number):
    with pytest.raises(ValidationError, match=r"for example \+49 261 129-0"):
        validate_phone_number(number)
