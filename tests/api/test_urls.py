"""Methods a path does not serve, HEAD and OPTIONS: IntegrationAPI in api/urls.py."""

import asyncio

import pytest
from django.utils import translation
from django.utils.translation import gettext
from ninja.testing import TestAsyncClient

from wagtail_integration.api.errors import install_error_handlers
from wagtail_integration.api.urls import IntegrationAPI

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"
NOT_ALLOWED = "The method %(method)s is not allowed for this address. Allowed: %(allowed)s."
GET_ONLY = "GET, HEAD, OPTIONS"
POST_ONLY = "OPTIONS, POST"


def not_allowed(language, method, allowed):
    with translation.override(language):
        return gettext(NOT_ALLOWED) % {"method": method, "allowed": allowed}


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("post", "version", GET_ONLY),
        ("delete", "occurrences", GET_ONLY),  # wrapped by decorate_view (the answer cache)
        ("put", "forms/1/submissions", POST_ONLY),
        ("get", "forms/1/submissions", POST_ONLY),
    ],
)
@pytest.mark.parametrize(
    "headers, query, language",
    [
        ({}, "", "de"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "", "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "?locale=en", "en"),
    ],
)
def test_a_method_the_path_does_not_serve_is_a_json_405_naming_the_allowed_ones(
    client, method, path, allowed, headers, query, language
):
    response = getattr(client, method)(f"{API}/{path}{query}", **headers)

    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Language"] == language
    assert response.json() == {
        "detail": not_allowed(language, method.upper(), allowed),
        "errors": {},
    }


def test_the_405_is_in_english_for_english(client):
    response = client.post(f"{API}/version", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["detail"] == (
        "The method POST is not allowed for this address. Allowed: GET, HEAD, OPTIONS."
    )


def test_head_answers_the_headers_of_get_without_a_body(client):
    got = client.get(f"{API}/version")
    head = client.head(f"{API}/version")

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Language"] == got["Content-Language"]


def test_head_of_a_cached_answer_carries_its_etag(client):
    got = client.get(f"{API}/series")
    head = client.head(f"{API}/series")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]


def test_head_of_a_post_only_path_is_a_405(client):
    response = client.head(f"{API}/forms/1/submissions")

    assert response.status_code == 405
    assert response["Allow"] == POST_ONLY


@pytest.mark.parametrize(
    "path, allowed", [("version", GET_ONLY), ("forms/1/submissions", POST_ONLY)]
)
def test_options_outside_a_cors_preflight_names_the_allowed_methods(client, path, allowed):
    response = client.options(f"{API}/{path}")

    assert response.status_code == 200
    assert response["Allow"] == allowed
    assert response.content == b""


def test_the_served_methods_still_answer(client):
    assert client.get(f"{API}/version").json()["api"] == "v1"
    assert client.get(f"{API}/occurrences?start=2026-03-01&end=2026-04-01").status_code == 200
    assert client.post(f"{API}/forms/999999/submissions", {}, "application/json").status_code == 404


def test_an_async_operation_gets_the_same_answers():
    api = IntegrationAPI(urls_namespace="wagtail_integration_api_async_test")
    install_error_handlers(api)

    @api.get("/ping")
    async def ping(request):
        return {"pong": True}

    @api.get("/bug")
    async def bug(request):
        raise RuntimeError("hunter2")

    client = TestAsyncClient(api)
    posted = asyncio.run(client.post("/ping"))
    head = asyncio.run(client.request("HEAD", "/ping"))
    failed = asyncio.run(client.get("/bug"))

    assert posted.status_code == 405
    assert posted["Allow"] == GET_ONLY
    assert set(posted.json()) == {"detail", "errors"}
    assert head.status_code == 200
    assert failed.status_code == 500
    assert "hunter2" not in failed.json()["detail"]
