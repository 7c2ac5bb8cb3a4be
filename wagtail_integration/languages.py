"""The languages an organisation, an event or a link can be marked with.

Codes are ISO 639-1 where one exists (ISO 639-3 otherwise). The list covers the languages most
spoken by people who came to Germany in recent years; a site adds more with the setting
``EXTRA_LANGUAGES``. Names are the languages' own names, so that a visitor finds theirs in any
interface language.

Leichte Sprache (``de-x-ls``) is German written to the rules of easy-to-read German: a site offers
it as a content locale beside German. It is a way of writing German, not a language of its own:
its interface strings are German (gettext finds the ``de`` catalog for ``de-x-ls`` by itself),
search engines are not told of it in ``hreflang`` alternates, and a machine does not write it.
:func:`register_language_info` tells Django its name and direction, which Django does not know.
"""

from django.utils.translation import gettext_noop

from .conf import get_setting

__all__ = [
    "LANGUAGES",
    "LANGUAGE_INFO",
    "LEICHTE_SPRACHE",
    "WRITING_VARIANTS",
    "allows_machine_translation",
    "base_language",
    "is_known_language",
    "is_writing_variant",
    "language_choices",
    "language_name",
    "register_language_info",
]

#: The content locale of Leichte Sprache: German (``de``) with a private-use subtag (BCP 47).
LEICHTE_SPRACHE = "de-x-ls"

#: Content locales that are a way of writing another language, not a language of their own:
#: code -> that language. Their interface is that language's; they have no ``hreflang``
#: alternate and no machine translation.
WRITING_VARIANTS = {LEICHTE_SPRACHE: "de"}

#: Entries for ``django.conf.locale.LANG_INFO`` that Django lacks (its format: ``name`` in
#: English, marked for translation, ``name_local`` the language's own name).
LANGUAGE_INFO = {
    LEICHTE_SPRACHE: {
        "bidi": False,
        "code": LEICHTE_SPRACHE,
        "name": gettext_noop("Easy-to-read German"),
        "name_local": "Leichte Sprache",
    },
}

#: (code, the language's own name)
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("ku", "Kurdî"),
    ("ckb", "کوردی"),
    ("ti", "ትግርኛ"),
    ("so", "Soomaali"),
    ("am", "አማርኛ"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("sq", "Shqip"),
    ("sr", "Српски"),
    ("hr", "Hrvatski"),
    ("bs", "Bosanski"),
    ("el", "Ελληνικά"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ur", "اردو"),
    ("hi", "हिन्दी"),
    ("ta", "தமிழ்"),
    ("sgn-de", "Deutsche Gebärdensprache"),
    (LEICHTE_SPRACHE, "Leichte Sprache"),
]


def language_choices():
    """All known languages as Django choices, the site's extra languages included."""
    extra = [tuple(item) for item in get_setting("EXTRA_LANGUAGES")]
    known = {code for code, _name in LANGUAGES}
    return LANGUAGES + [item for item in extra if item[0] not in known]


def language_name(code):
    """The language's own name, or the code itself when the language is unknown."""
    return dict(language_choices()).get(code, code)


def is_known_language(code):
    """Whether ``code`` is one of :func:`language_choices`."""
    return any(code == known for known, _name in language_choices())


def base_language(code):
    """The language ``code`` is written in: ``"de"`` for ``"de-x-ls"``, else ``code`` itself."""
    return WRITING_VARIANTS.get(code.lower(), code)


def is_writing_variant(code):
    """Whether ``code`` is a way of writing another language (Leichte Sprache), see above."""
    return code.lower() in WRITING_VARIANTS


def allows_machine_translation(source_code, target_code):
    """Whether a machine may translate from ``source_code`` into ``target_code``.

    Never into or out of a writing variant: Leichte Sprache is written (and checked) by people
    who know its rules and its readers; a machine's text in it would be published as easy to
    read without anyone having made it so.
    """
    return not (is_writing_variant(source_code) or is_writing_variant(target_code))


def register_language_info():
    """Add :data:`LANGUAGE_INFO` to Django's ``LANG_INFO``, keeping any entry the site made.

    Without it ``get_language_info("de-x-ls")`` answers German's entry (Django falls back to
    the code's first part), so the language would be named "German" and a page would say
    ``lang="de"``. Called by the package's ``AppConfig.ready()``.
    """
    from django.conf.locale import LANG_INFO

    for code, info in LANGUAGE_INFO.items():
        LANG_INFO.setdefault(code, dict(info))
