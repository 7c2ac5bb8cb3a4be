"""wagtail_integration/embed/script.py: ``/integration/embed.js``, the web components' script,
with the site's words in every content language, small enough for any portal page."""

import gzip
import json
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wagtail_integration.embed.script import MESSAGES, PLACEHOLDER, SOURCE

pytestmark = pytest.mark.django_db

#: The budget of docs/embedding.md and DESIGN: every element together, gzipped.
MAX_GZIPPED_BYTES = 10 * 1024


def served(client, **headers):
    return client.get(reverse("wagtail_integration_embed:script"), **headers)


def config_of(text):
    return json.loads(re.search(r"const CONFIG = (\{.*?\});\n", text)[1])


def test_the_script_is_served_with_every_content_language_under_ten_kilobytes_gzipped(client):
    response = served(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    gzipped = len(gzip.compress(response.content, compresslevel=9))
    assert gzipped <= MAX_GZIPPED_BYTES, f"{gzipped} bytes gzipped"
    config = config_of(response.content.decode())
    assert config["languages"] == [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES]


def test_the_shipped_file_is_the_served_code_and_parses_as_javascript(client, tmp_path):
    text = SOURCE.read_text(encoding="utf-8")
    assert text.count(PLACEHOLDER) == 1
    body = served(client).content.decode()
    # Comments and indentation go; every statement of the shipped file stays.
    assert "define(name, element)" in body and "/* " not in body.split("const CONFIG", 1)[1]
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the browser tests run the script instead")
    script = tmp_path / "embed.js"
    script.write_text(body, encoding="utf-8")
    subprocess.run(["node", "--check", str(script)], check=True, timeout=60)  # noqa: S603,S607


def test_the_words_come_from_the_catalogs_of_each_language(client):
    config = config_of(served(client).content.decode())
    keys = config["keys"]
    assert len(keys) == len(MESSAGES)
    for language in ("de", "ar", "uk", "tr", "ru", "fa"):
        words = dict(zip(keys, config["strings"][language], strict=True))
        with translation.override(language):
            assert words["In German"] == translation.gettext("In German")
            assert words["Send"] == translation.gettext("Send")
        # A message shared with the pages keeps its placeholders, in the script's form.
        number = words["“{value}” is not a whole number from {low} to {high}."]
        assert {"{value}", "{low}", "{high}"} <= set(re.findall(r"\{\w+\}", number)), number
    # English reads the keys; Leichte Sprache reads the German words, as gettext does.
    assert "en" not in config["strings"] and "de-x-ls" not in config["strings"]
    assert config["rtl"] == ["ar", "fa"]
    assert config["stammtisch"] == "stammtisch" and config["time_zone"] == "Europe/Berlin"
    assert config["api"] == "/api/integration/v1/"


def test_the_settings_reach_the_script(client, settings):
    settings.WAGTAIL_INTEGRATION = {
        "STAMMTISCH_CATEGORY": "treffen",
        "DEFAULT_TIME_ZONE": "Europe/Vienna",
    }
    config = config_of(served(client).content.decode())
    assert config["stammtisch"] == "treffen" and config["time_zone"] == "Europe/Vienna"


def test_a_revalidation_with_its_etag_is_answered_not_modified(client):
    first = served(client)
    assert first["Cache-Control"] == "public, max-age=300"
    again = served(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_any_page_may_load_the_script_but_not_frame_or_post_with_it(client):
    response = served(client, HTTP_ORIGIN="https://elsewhere.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post(reverse("wagtail_integration_embed:script")).status_code == 405
