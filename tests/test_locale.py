"""The catalogs in wagtail_integration/locale/ and example_site/locale/: complete and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATALOGS = sorted(
    [*PROJECT_DIR.glob("wagtail_integration/locale/*/LC_MESSAGES/django.po")]
    + [*PROJECT_DIR.glob("example_site/locale/*/LC_MESSAGES/django.po")]
)


def test_there_is_a_catalog_for_every_configured_language_in_both_places():
    languages = {code for code, _name in settings.LANGUAGES}
    for base in ("wagtail_integration", "example_site"):
        found = {p.parent.parent.name for p in CATALOGS if p.is_relative_to(PROJECT_DIR / base)}
        assert found == languages, base


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_each_catalog_is_complete_and_its_compiled_file_is_up_to_date(po_path):
    po = polib.pofile(str(po_path))
    language = po_path.parent.parent.name
    if language != "en":  # the source strings are English
        untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
        assert untranslated == [], f"untranslated in {language}: run `make messages` and translate"
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in po.translated_entries()
        if not e.obsolete
    }
    assert compiled == expected, "the .mo is stale: run `make messages`"
