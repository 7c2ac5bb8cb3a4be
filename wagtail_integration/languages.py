"""The languages an organisation, an event or a link can be marked with.

Codes are ISO 639-1 where one exists (ISO 639-3 otherwise). The list covers the languages most
spoken by people who came to Germany in recent years; a site adds more with the setting
``EXTRA_LANGUAGES``. Names are the languages' own names, so that a visitor finds theirs in any
interface language.
"""

from .conf import get_setting

__all__ = ["LANGUAGES", "language_choices", "language_name", "is_known_language"]

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
