"""Validators for what editors type in: phone numbers and language codes."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

__all__ = ["validate_phone_number", "validate_language_code"]

# Digits with the separators people write: "+49 261 129-0", "(0261) 129 1234", "0261/1291234".
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()/\-]*[0-9]$")


def validate_phone_number(value):
    """Accept a phone number in a common written form with 6 to 17 digits."""
    digits = re.sub(r"\D", "", value)
    if not _PHONE.match(value) or not 6 <= len(digits) <= 17 or value.count("+") > 1:
        raise ValidationError(
            _(
                "Enter a phone number of digits, spaces and the signs + ( ) / -, "
                "for example +49 261 129-0."
            ),
            code="invalid_phone",
        )


@deconstructible
class LanguageCodeValidator:
    """Refuse language codes that are not in the package's language list."""

    def __call__(self, value):
        from .languages import is_known_language

        if not is_known_language(value):
            raise ValidationError(
                _("“%(code)s” is not a known language code."),
                code="unknown_language",
                params={"code": value},
            )

    def __eq__(self, other):
        return isinstance(other, LanguageCodeValidator)


validate_language_code = LanguageCodeValidator()
