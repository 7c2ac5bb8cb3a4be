"""The web components' script, ``/integration/embed.js``: the shipped file with the site's words.

``static/wagtail_integration/embed.js`` is the code, written to run as it is (no build step). It
holds one placeholder, ``/*CONFIG*/ {} /*END*/``, which :func:`script_source` fills with what
the elements cannot know by themselves: the site's content languages, which of them are written
right to left, the site's time zone, the Stammtisch category, the API's path, and the
elements' words in every content language, taken from the package's catalogs — so the elements
speak the languages the pages speak, and a translator edits one catalog for both.
"""

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from wagtail.coreutils import get_content_languages

from ..conf import get_setting
from ..languages import is_writing_variant

__all__ = ["MESSAGES", "script_config", "script_source"]

SOURCE = Path(__file__).resolve().parent / "static" / "wagtail_integration" / "embed.js"
PLACEHOLDER = "/*CONFIG*/ {} /*END*/"

#: The elements' words: msgid -> what its ``%(name)s`` placeholders become in the script
#: (``{name}``), ``None`` for words without any. Most are the pages' own words.
MESSAGES = {
    gettext_noop("Loading…"): None,
    gettext_noop("In German"): None,
    gettext_noop("Cancelled:"): None,
    gettext_noop("Moved to:"): None,
    gettext_noop("Previously:"): None,
    gettext_noop("Place:"): None,
    gettext_noop("online"): None,
    gettext_noop("Languages spoken:"): None,
    gettext_noop("Sample data:"): None,
    gettext_noop("Add to my calendar (.ics file)"): None,
    gettext_noop("No dates are planned at the moment."): None,
    gettext_noop("Nothing found."): None,
    gettext_noop("Not reachable at the moment. Please try again later."): None,
    gettext_noop("“%(value)s” is not a whole number from %(low)s to %(high)s."): {
        "value": "{value}",
        "low": "{low}",
        "high": "{high}",
    },
    gettext_noop("There is no widget “%(name)s”. Use one of: %(choices)s."): {
        "name": "{name}",
        "choices": "{choices}",
    },
    gettext_noop("Send"): None,
    gettext_noop("required"): None,
    gettext_noop("Error:"): None,
    gettext_noop("Please check your entries"): None,
    gettext_noop("Sending is temporarily blocked"): None,
}


def _keys():
    """The elements' words in English, as the script names them (its ``{name}`` placeholders)."""
    return [msgid if values is None else msgid % values for msgid, values in MESSAGES.items()]


def _words(language):
    """The elements' words in ``language``, in the order of :func:`_keys`."""
    with translation.override(language):
        return [
            gettext(msgid) if values is None else gettext(msgid) % values
            for msgid, values in MESSAGES.items()
        ]


def _api_path():
    """The API's path on this site (the documented one when the API app is not installed)."""
    try:
        return reverse("wagtail_integration_api:api-root")
    except NoReverseMatch:
        return "/api/integration/v1/"


def script_config():
    """What the script's placeholder is filled with (see the module's docstring)."""
    languages = [code.lower() for code in get_content_languages()]
    return {
        "languages": languages,
        "rtl": [code for code in languages if translation.get_language_info(code)["bidi"]],
        "time_zone": get_setting("DEFAULT_TIME_ZONE"),
        "stammtisch": get_setting("STAMMTISCH_CATEGORY"),
        "api": _api_path(),
        # English is the words as they are; a language written like another (Leichte Sprache)
        # reads that one's words, as gettext does.
        "keys": _keys(),
        "strings": {
            code: _words(code)
            for code in languages
            if code != "en" and not is_writing_variant(code)
        },
    }


#: What the script is served without: comments on lines of their own and indentation (the file
#: keeps no meaningful whitespace at the start of a line, not even in its template strings).
_COMMENTS = re.compile(r"^[ \t]*(?:/\*.*?\*/|//[^\n]*)\n", re.MULTILINE | re.DOTALL)
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


@lru_cache(maxsize=4)
def _fill(config_json):
    text = SOURCE.read_text(encoding="utf-8")
    if PLACEHOLDER not in text:  # pragma: no cover - a broken edit of the shipped file
        raise RuntimeError(f"{SOURCE} lacks its placeholder {PLACEHOLDER}")
    text = _INDENT.sub("", _COMMENTS.sub("", text))
    body = text.replace(PLACEHOLDER, config_json, 1)
    return body, hashlib.sha256(body.encode()).hexdigest()[:16]


def script_source():
    """The script as served, and an ETag for it: ``(text, etag)``."""
    config = json.dumps(script_config(), ensure_ascii=False, separators=(",", ":"))
    return _fill(config)
