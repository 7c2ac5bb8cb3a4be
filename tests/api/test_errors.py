"""The API's one error shape (wagtail_integration/api/errors.py and api/urls.py)."""

import pytest
from ninja import Schema
from ninja.errors import HttpError
from ninja.testing import TestClient

from wagtail_integration.api.errors import field_errors, install_error_handlers
from wagtail_integration.api.urls import IntegrationAPI


class Offer(Schema):
    name: str
    hours: int


def make_api():
    api = IntegrationAPI(urls_namespace="wagtail_integration_api_errors_test")
    install_error_handlers(api)

    @api.get("/items")
    def items(request, limit: int = 10):
        return {"limit": limit}

    @api.post("/offers")
    def offers(request, payload: Offer):
        return {"ok": True}

    @api.get("/teapot")
    def teapot(request):
        raise HttpError(418, "I am a teapot.")

    return api


@pytest.fixture(scope="module")
def api_client():
    return TestClient(make_api())


def test_a_bad_query_parameter_is_a_400_naming_the_parameter(api_client):
    response = api_client.get("/items?limit=many")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert list(body["errors"]) == ["limit"]
    assert body["errors"]["limit"][0]


def test_body_errors_are_named_by_field_without_the_parameter_name(api_client):
    response = api_client.post("/offers", json={"name": "Ada", "hours": "several"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["hours"]


def test_an_http_error_keeps_its_status_and_message(api_client):
    response = api_client.get("/teapot")
    assert response.status_code == 418
    assert response.json() == {"detail": "I am a teapot.", "errors": {}}


def test_field_errors_joins_nested_locations():
    errors = field_errors(
        [
            {"loc": ("body", "payload", "languages", 0, "code"), "msg": "bad code"},
            {"loc": ("query", "start"), "msg": "bad date"},
            {"loc": ("query", "start"), "msg": "before end"},
        ]
    )
    assert errors == {"languages.0.code": ["bad code"], "start": ["bad date", "before end"]}


@pytest.mark.django_db
@pytest.mark.parametrize("language, detail", [("de", "Nicht gefunden."), ("en", "Not found.")])
def test_an_unknown_api_path_is_a_json_404_in_the_visitors_language(client, language, detail):
    # Without the exemption, LocaleMiddleware would redirect to /de/api/... (an HTML page).
    response = client.get("/api/integration/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail, "errors": {}}


@pytest.mark.django_db
def test_the_openapi_document_and_the_interactive_docs_are_served(client):
    schema = client.get("/api/integration/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/integration/v1/health" in paths
    assert "/api/integration/v1/version" in paths
    docs = client.get("/api/integration/v1/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
