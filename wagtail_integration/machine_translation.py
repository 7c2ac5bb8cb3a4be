"""wagtail-localize's machine translators, refusing what a machine must not write.

wagtail-localize asks its translator ``can_translate(source_locale, target_locale)`` before it
offers the "Translate with …" button in the translation editor and before it translates. Its
LibreTranslate and DeepL translators answer by the codes' first part only, so they refuse German
into Leichte Sprache (``de`` and ``de-x-ls``) but would translate an English page into Leichte
Sprache, or a Leichte Sprache page into English. The translators here also ask
:func:`~wagtail_integration.languages.allows_machine_translation`; configure them instead of
wagtail-localize's own::

    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_integration.machine_translation.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": "https://translate.example.org", "API_KEY": ""},
    }

Machine translation writes drafts only: wagtail-localize stores the machine's texts as
translations of type "machine" and publishes nothing; a person reviews and publishes.
"""

from wagtail_localize.machine_translators.deepl import DeepLTranslator as _DeepLTranslator
from wagtail_localize.machine_translators.libretranslate import (
    LibreTranslator as _LibreTranslator,
)

from .languages import allows_machine_translation

__all__ = ["DeepLTranslator", "LibreTranslator", "RefuseWritingVariantsMixin"]


class RefuseWritingVariantsMixin:
    """Refuses to translate into or out of a writing variant such as Leichte Sprache.

    Put it before any wagtail-localize translator class (a site's own too) to make that
    translator ask :func:`~wagtail_integration.languages.allows_machine_translation` first.
    """

    def can_translate(self, source_locale, target_locale):
        """Whether this pair is allowed at all, and then whether the service can do it."""
        if not allows_machine_translation(source_locale.language_code, target_locale.language_code):
            return False
        return super().can_translate(source_locale, target_locale)

    def translate(self, source_locale, target_locale, strings):
        """The service's translations, or none at all for a refused pair.

        wagtail-localize checks :meth:`can_translate` before it calls this; the check here keeps
        any other caller from sending a refused pair to the service.
        """
        if not allows_machine_translation(source_locale.language_code, target_locale.language_code):
            return {}
        return super().translate(source_locale, target_locale, strings)


class LibreTranslator(RefuseWritingVariantsMixin, _LibreTranslator):
    """LibreTranslate (which a city can run on its own servers), never into Leichte Sprache.

    Options as wagtail-localize's: ``LIBRETRANSLATE_URL``, ``API_KEY`` (empty for a server
    without keys), ``TIMEOUT`` in seconds (default 10).
    """


class DeepLTranslator(RefuseWritingVariantsMixin, _DeepLTranslator):
    """DeepL, never into Leichte Sprache.

    Options as wagtail-localize's: ``AUTH_KEY`` (a key ending in ``:fx`` uses DeepL's free API),
    ``FORMALITY``, ``GLOSSARY_IDS``, ``TIMEOUT`` in seconds (default 30).
    """
