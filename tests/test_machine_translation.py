"""Machine translation: drafts a person reviews, from the configured service, never Leichte Sprache.

The service is a LibreTranslate-compatible HTTP server of the test's own on 127.0.0.1; the
translations go through wagtail-localize's own views, as an editor's clicks send them.
"""

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.machine_translators.deepl import DeepLTranslator as LocalizeDeepL
from wagtail_localize.machine_translators.libretranslate import (
    LibreTranslator as LocalizeLibre,
)
from wagtail_localize.models import StringTranslation

from tests import factories
from wagtail_integration.machine_translation import DeepLTranslator, LibreTranslator
from wagtail_integration.translation_status import Status, translation_statuses

PROJECT_DIR = Path(__file__).resolve().parent.parent
API_KEY = "stadt-koblenz-key"


class FakeLibreTranslate(BaseHTTPRequestHandler):
    """Answers ``POST /translate`` as LibreTranslate does for a list of texts.

    A text becomes ``"[<target>] <text>"``; a request without the right ``api_key`` gets 403, as
    from a LibreTranslate server that requires keys.
    """

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.path, body))
        if self.path != "/translate":
            return self._answer(404, {"error": "Not Found"})
        if body.get("api_key") != API_KEY:
            return self._answer(403, {"error": "Invalid API key"})
        texts = body["q"]
        translated = [f"[{body['target']}] {text}" for text in texts]
        return self._answer(200, {"translatedText": translated})

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def libretranslate():
    """The running server; ``.requests`` holds ``(path, JSON body)`` of every request."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLibreTranslate)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def machine_translator(settings, libretranslate):
    """The package's LibreTranslate translator pointed at the test's server."""
    host, port = libretranslate.server_address[:2]
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_integration.machine_translation.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": f"http://{host}:{port}", "API_KEY": API_KEY},
    }
    return libretranslate


def editor_props(client, page):
    """What wagtail-localize's translation editor is given for ``page``."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.id]))
    assert response.status_code == 200
    return json.loads(response.context["props"])


def machine_translate(client, translation, **kwargs):
    return client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.id]),
        {"next": "/admin/"},
        **kwargs,
    )


def status_of(page, language_code):
    (row,) = [
        row
        for row in translation_statuses(snippet_models=[], languages=[language_code])
        if row.object.pk == page.pk
    ]
    return row.status


@pytest.fixture
def guide(db):
    index = factories.topic_index()
    return factories.guide(
        index,
        title="Deutsch lernen",
        summary="Kurse in Koblenz.",
        body=[("text", "<p>Integrationskurse für Erwachsene.</p>")],
    )


@pytest.mark.django_db
def test_machine_translation_stores_drafts_a_person_must_review_and_publish(
    admin_client, committed, machine_translator, guide
):
    translation = factories.submit_for_translation(admin_client, guide, "en")["en"]
    target = guide.get_translation(factories.locale("en"))
    revisions_before = target.revisions.count()
    # A new translation is a draft (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False).
    assert not target.live

    assert editor_props(admin_client, target)["machineTranslator"]["name"] == "LibreTranslate"
    response = machine_translate(admin_client, translation)
    assert response.status_code == 302

    (request,) = machine_translator.requests
    assert request[0] == "/translate"
    assert request[1]["source"] == "de" and request[1]["target"] == "en"
    assert "Deutsch lernen" in request[1]["q"]
    stored = StringTranslation.objects.filter(locale__language_code="en")
    assert stored.count() == len(request[1]["q"]) > 0
    assert {item.translation_type for item in stored} == {"machine"}
    assert {item.tool_name for item in stored} == {"LibreTranslate"}
    assert stored.filter(data="[en] Deutsch lernen").exists()

    # The machine wrote strings, not the page: no revision, nothing new for visitors.
    target.refresh_from_db()
    assert target.revisions.count() == revisions_before
    assert not target.live
    assert target.title == "Deutsch lernen"
    assert status_of(guide, "en") == Status.MACHINE

    # A person publishes in the editor: visitors see the text, still marked as not reviewed.
    # (wagtail-localize's "Publish" writes the translated strings into the page.)
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[target.id]), {"action": "publish"}
        )
    target.refresh_from_db()
    assert target.live and target.title == "[en] Deutsch lernen"
    assert status_of(guide, "en") == Status.MACHINE

    # A person reviews the segments in the editor: the last one reviewed ends the mark.
    segments = list(translation.source.stringsegment_set.order_by("order"))
    for number, segment in enumerate(segments, start=1):
        assert status_of(guide, "en") == Status.MACHINE
        response = admin_client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id]),
            urlencode({"value": f"Reviewed {number}"}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
    assert set(stored.values_list("translation_type", flat=True)) == {"manual"}
    assert status_of(guide, "en") == Status.UP_TO_DATE


@pytest.mark.django_db
def test_machine_translation_of_a_draft_leaves_the_translation_a_draft(
    admin_client, committed, machine_translator
):
    draft = factories.guide(factories.topic_index(), title="Ehrenamt", live=False)
    translation = factories.submit_for_translation(admin_client, draft, "en")["en"]

    assert machine_translate(admin_client, translation).status_code == 302

    target = draft.get_translation(factories.locale("en"))
    assert StringTranslation.objects.filter(locale__language_code="en", data="[en] Ehrenamt")
    assert not target.live
    assert target.live_revision is None


@pytest.mark.django_db
def test_leichte_sprache_is_never_machine_translated(
    admin_client, committed, machine_translator, guide
):
    translations = factories.submit_for_translation(admin_client, guide, "en", "de-x-ls")
    easy = guide.get_translation(factories.locale("de-x-ls"))

    assert editor_props(admin_client, easy)["machineTranslator"] is None
    # wagtail-localize answers 404; the example site's LocaleMiddleware then redirects the admin
    # address to a language-prefixed one (the pages' catch-all URL), which is a 404 as well.
    response = machine_translate(admin_client, translations["de-x-ls"], follow=True)
    assert response.status_code == 404
    assert machine_translator.requests == []
    assert not StringTranslation.objects.filter(locale__language_code="de-x-ls").exists()
    # The page's other languages are still offered.
    english = guide.get_translation(factories.locale("en"))
    assert editor_props(admin_client, english)["machineTranslator"] is not None


@pytest.mark.parametrize("translator", [LibreTranslator, DeepLTranslator])
@pytest.mark.parametrize(
    ("source", "target", "allowed"),
    [
        ("de", "en", True),
        ("de", "ar", True),
        ("en", "de", True),
        ("de", "de-x-ls", False),
        ("en", "de-x-ls", False),
        ("ar", "de-x-ls", False),
        ("de-x-ls", "en", False),
        ("de-x-ls", "de", False),
    ],
)
def test_the_package_translators_refuse_every_pair_with_leichte_sprache(
    translator, source, target, allowed
):
    instance = translator({"LIBRETRANSLATE_URL": "http://127.0.0.1:9", "API_KEY": ""})
    assert instance.can_translate(Locale(language_code=source), Locale(language_code=target)) is (
        allowed
    )


@pytest.mark.parametrize("translator", [LocalizeLibre, LocalizeDeepL])
def test_wagtail_localizes_own_translators_would_write_leichte_sprache_from_english(translator):
    """Why the package has translators of its own: upstream compares the codes' first part."""
    instance = translator({"LIBRETRANSLATE_URL": "http://127.0.0.1:9", "API_KEY": ""})
    assert instance.can_translate(Locale(language_code="en"), Locale(language_code="de-x-ls"))


def test_a_refused_pair_reaches_no_service(libretranslate):
    host, port = libretranslate.server_address[:2]
    instance = LibreTranslator({"LIBRETRANSLATE_URL": f"http://{host}:{port}", "API_KEY": API_KEY})
    answer = instance.translate(
        Locale(language_code="en"), Locale(language_code="de-x-ls"), ["Hello"]
    )
    assert answer == {}
    assert libretranslate.requests == []


@pytest.mark.django_db
def test_sync_with_machine_translation_still_stops_at_leichte_sprache(
    admin_client, committed, machine_translator, guide
):
    """wagtail-localize 1.14's limitation documented in docs/translation.md.

    Its "Sync translated pages" asks the translator for every translation of the page and
    answers 404, rolling the whole sync back, when one is refused. When this test fails, a
    wagtail-localize release has changed that: update the documentation.
    """
    translations = factories.submit_for_translation(admin_client, guide, "en", "de-x-ls")
    response = admin_client.post(
        reverse("wagtail_localize:update_translations", args=[translations["en"].source_id]),
        {"use_machine_translation": "on"},
        follow=True,
    )
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(translation_type="machine").exists()


PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "integration.koblenz.example",
    "DATABASE_URL": "postgres://city:secret@db.internal:5432/integration",
    "REDIS_URL": "redis://cache.internal:6379/1",
}
SERVICE_VARIABLES = ["LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY", "DEEPL_AUTH_KEY"]


def production_machine_translator(**env):
    """``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` of the production settings under ``env``."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and key not in SERVICE_VARIABLES
    }
    clean.update(PRODUCTION_ENV, **env, DJANGO_SETTINGS_MODULE="example_site.settings.production")
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import json, django; django.setup()\n"
            "from django.conf import settings\n"
            "print(json.dumps(getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None)))",
        ],
        cwd=PROJECT_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        (
            {"LIBRETRANSLATE_URL": "https://translate.koblenz.example/"},
            {
                "CLASS": "wagtail_integration.machine_translation.LibreTranslator",
                "OPTIONS": {
                    "LIBRETRANSLATE_URL": "https://translate.koblenz.example",
                    "API_KEY": "",
                },
            },
        ),
        (
            {"LIBRETRANSLATE_URL": "http://libretranslate:5000", "LIBRETRANSLATE_API_KEY": "k"},
            {
                "CLASS": "wagtail_integration.machine_translation.LibreTranslator",
                "OPTIONS": {"LIBRETRANSLATE_URL": "http://libretranslate:5000", "API_KEY": "k"},
            },
        ),
        (
            {"DEEPL_AUTH_KEY": "abc:fx"},
            {
                "CLASS": "wagtail_integration.machine_translation.DeepLTranslator",
                "OPTIONS": {"AUTH_KEY": "abc:fx"},
            },
        ),
    ],
)
def test_production_settings_choose_the_machine_translator_from_the_environment(env, expected):
    result = production_machine_translator(**env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_production_settings_refuse_two_machine_translators():
    result = production_machine_translator(
        LIBRETRANSLATE_URL="http://libretranslate:5000", DEEPL_AUTH_KEY="abc"
    )
    assert result.returncode != 0
    assert "Set either LIBRETRANSLATE_URL or DEEPL_AUTH_KEY, not both" in result.stderr


@pytest.mark.django_db
def test_sync_with_machine_translation_works_for_a_page_without_leichte_sprache(
    admin_client, committed, machine_translator, guide
):
    """The counterpart of the test above: the 404 there comes from the refused pair."""
    translations = factories.submit_for_translation(admin_client, guide, "en")
    with committed():
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[translations["en"].source_id]),
            {"use_machine_translation": "on"},
            follow=True,
        )
    assert response.status_code == 200
    assert StringTranslation.objects.filter(
        translation_type="machine", locale__language_code="en", data="[en] Deutsch lernen"
    ).exists()
