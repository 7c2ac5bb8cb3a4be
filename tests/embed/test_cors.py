"""CORS for the city portal's widgets (example_site/settings/base.py, django-cors-headers): the
portal's origins may read the API, any other origin gets no CORS header, also from an answer the
content cache keeps, and answers vary by Origin for a CDN in front of the portal.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

PORTAL = "https://portal.example.org"
OTHER = "https://elsewhere.example.net"
ROOT = Path(__file__).resolve().parents[2]

OCCURRENCES = "/api/integration/v1/occurrences?start=2027-03-01&end=2027-04-01"
PATHS = ["/api/integration/v1/topics", OCCURRENCES, "/api/integration/v1/organisations"]


@pytest.fixture
def portal(settings):
    settings.CORS_ALLOWED_ORIGINS = [PORTAL]
    settings.WAGTAIL_INTEGRATION = {"RESPONSE_CACHE_SECONDS": 600}  # answers are kept


def cors_headers(response):
    return {
        name.lower(): value for name, value in response.items() if "access-control" in name.lower()
    }


@pytest.mark.parametrize("path", PATHS)
def test_the_portal_may_read_the_api(client, portal, path):
    response = client.get(path, HTTP_ORIGIN=PORTAL)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PORTAL
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"origin", "accept-language"} <= vary


@pytest.mark.parametrize("path", PATHS)
def test_an_unlisted_origin_gets_no_cors_header(client, portal, path):
    client.get(path, HTTP_ORIGIN=PORTAL)  # the answer is kept by the content cache now
    response = client.get(path, HTTP_ORIGIN=OTHER)
    assert response.status_code == 200
    assert cors_headers(response) == {}
    # A CDN keeps one copy per Origin, so the portal's copy is never served to the other site.
    assert "origin" in response["Vary"].lower()


def test_an_unlisted_origin_gets_no_cors_header_before_posting(client, portal):
    preflight = {
        "HTTP_ORIGIN": OTHER,
        "HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST",
        "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "content-type",
    }
    response = client.options("/api/integration/v1/forms/1/submissions", **preflight)
    assert cors_headers(response) == {}
    response = client.options(
        "/api/integration/v1/forms/1/submissions", **{**preflight, "HTTP_ORIGIN": PORTAL}
    )
    assert response["Access-Control-Allow-Origin"] == PORTAL
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_pages_outside_the_api_send_no_cors_header(client, portal):
    response = client.get("/integration/embed/events/", HTTP_ORIGIN=PORTAL)
    assert response.status_code == 200
    assert cors_headers(response) == {}


def settings_with(environment):
    """CORS_ALLOWED_ORIGINS and WAGTAIL_INTEGRATION of the example site under ``environment``."""
    code = (
        "import json; from example_site.settings import base; "
        "print(json.dumps([base.CORS_ALLOWED_ORIGINS, base.WAGTAIL_INTEGRATION]))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("EMBED_ORIGINS", "CORS_ALLOWED_ORIGINS")
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embed_origins_may_frame_the_widgets_and_read_the_api():
    cors, integration = settings_with(
        {
            "EMBED_ORIGINS": f"{PORTAL}/, https://www.koblenz.de",
            "CORS_ALLOWED_ORIGINS": f"https://app.example.org,{PORTAL}",
        }
    )
    assert cors == [PORTAL, "https://www.koblenz.de", "https://app.example.org"]
    assert integration["EMBED_FRAME_ANCESTORS"] == [PORTAL, "https://www.koblenz.de"]


def test_without_embed_origins_no_origin_is_allowed():
    cors, integration = settings_with({})
    assert cors == []
    assert integration["EMBED_FRAME_ANCESTORS"] == []
