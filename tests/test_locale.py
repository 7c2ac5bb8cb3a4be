"""The catalogs in wagtail_integration/locale/ and example_site/locale/: complete and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from wagtail_integration.languages import is_writing_variant

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATALOGS = sorted(
    [*PROJECT_DIR.glob("wagtail_integration/locale/*/LC_MESSAGES/django.po")]
    + [*PROJECT_DIR.glob("example_site/locale/*/LC_MESSAGES/django.po")]
)


def test_there_is_a_catalog_for_every_configured_language_in_both_places():
    # Leichte Sprache (de-x-ls) has none of its own: gettext reads the German one for it.
    languages = {code for code, _name in settings.LANGUAGES if not is_writing_variant(code)}
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


@pytest.mark.parametrize("base", ["wagtail_integration", "example_site"])
def test_no_catalog_lacks_a_message_of_the_code(base, tmp_path):
    # What `make messages` would extract today, made in a copy so that the checkout stays as
    # it is; each committed catalog must hold every one of those messages.
    copy = tmp_path / base
    shutil.copytree(
        PROJECT_DIR / base, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static")
    )
    (copy / "locale").mkdir()
    subprocess.run(  # noqa: S603
        [sys.executable, PROJECT_DIR / "manage.py", "makemessages", "-l", "de", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=300,
    )
    extracted = polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    wanted = {(entry.msgctxt, entry.msgid) for entry in extracted if entry.msgid}
    assert wanted, "makemessages found no message"
    for po_path in (PROJECT_DIR / base).glob("locale/*/LC_MESSAGES/django.po"):
        held = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path)) if not e.obsolete}
        missing = sorted(msgid for _context, msgid in wanted - held)
        assert missing == [], f"{po_path.relative_to(PROJECT_DIR)} lacks: run `make messages`"
