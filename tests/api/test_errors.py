"""The API's one error shape (wagtail_integration/api/errors.py and api/urls.py)."""

import logging

import pytest
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from ninja import Schema
from ninja.errors import HttpError
from ninja.testing import TestClient

from wagtail_integration.api import health
from wagtail_integration.api.errors import field_errors, install_error_handlers
from wagtail_integration.api.locale import PARAMETER_ERROR
from wagtail_integration.api.urls import IntegrationAPI

API = "/api/integration/v1"
SECRET = "password=hunter2 at db.internal"
SERVER_ERROR = "Something went wrong on the server. Please try again later."


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

    @api.get("/bug")
    def bug(request):
        raise RuntimeError(SECRET)

    @api.get("/forbidden")
    def forbidden(request):
        raise PermissionDenied

    @api.get("/suspicious")
    def suspicious(request):
        raise DisallowedHost("Invalid HTTP_HOST header: 'evil.example'.")

    return api


@pytest.fixture
def request_log(caplog):
    """Records of ``django.request``, which the example site keeps from propagating to root."""
    logger = logging.getLogger("django.request")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def in_language(language, message):
    with translation.override(language):
        return gettext(message)


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


def test_an_exception_in_a_view_is_a_json_500_that_hides_it_and_logs_it(api_client, request_log):
    response = api_client.get("/bug")

    assert response.status_code == 500
    assert response.json() == {"detail": in_language("de", SERVER_ERROR), "errors": {}}
    assert b"hunter2" not in response.content and b"Traceback" not in response.content
    (record,) = [r for r in request_log.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info[0] is RuntimeError
    assert record.status_code == 500


def test_a_permission_denied_is_a_403_and_a_suspicious_request_a_400_not_a_500(api_client):
    forbidden = api_client.get("/forbidden")
    suspicious = api_client.get("/suspicious")

    assert forbidden.status_code == 403
    assert set(forbidden.json()) == {"detail", "errors"}
    assert suspicious.status_code == 400
    assert suspicious.json()["errors"] == {}
    assert "evil" not in suspicious.json()["detail"]


def test_field_errors_joins_nested_locations():
    own = PARAMETER_ERROR  # messages the API made itself are kept as they are
    errors = field_errors(
        [
            {"loc": ("body", "payload", "languages", 0, "code"), "msg": "bad code", "type": own},
            {"loc": ("query", "start"), "msg": "bad date", "type": own},
            {"loc": ("query", "start"), "msg": "before end", "type": own},
        ]
    )
    assert errors == {"languages.0.code": ["bad code"], "start": ["bad date", "before end"]}


def test_field_errors_word_pydantics_errors_in_the_active_language_not_pydantics_english():
    pydantic_error = {
        "loc": ("query", "limit"),
        "msg": "Input should be less than or equal to 100",
        "type": "less_than_equal",
        "ctx": {"le": 100},
    }
    with translation.override("de"):
        errors = field_errors([pydantic_error])
        expected = gettext("Give a number of at most %(le)s.") % {"le": 100}

    assert errors == {"limit": [expected]}


def test_field_errors_word_an_unknown_error_type_as_not_valid():
    with translation.override("en"):
        errors = field_errors([{"loc": ("query", "x"), "msg": "Some English", "type": "new"}])

    assert errors == {"x": ["This value is not valid."]}


@pytest.mark.django_db
@pytest.mark.parametrize("language, detail", [("de", "Nicht gefunden."), ("en", "Not found.")])
def test_an_unknown_api_path_is_a_json_404_in_the_visitors_language(client, language, detail):
    # Without the exemption, LocaleMiddleware would redirect to /de/api/... (an HTML page).
    response = client.get("/api/integration/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
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


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_an_unexpected_exception_is_a_json_500_in_the_visitors_language_and_logged(
    monkeypatch, request_log, language
):
    def broken():
        raise RuntimeError(SECRET)

    monkeypatch.setattr(health, "last_heartbeat", broken)
    client = Client(raise_request_exception=False)

    response = client.get(f"{API}/health", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Language"] == language
    assert response.json() == {"detail": in_language(language, SERVER_ERROR), "errors": {}}
    assert b"hunter2" not in response.content and b"RuntimeError" not in response.content
    # Logged once, with the traceback, as Django logs an uncaught exception.
    (record,) = [r for r in request_log.records if r.name == "django.request"]
    assert record.getMessage() == f"Internal Server Error: {API}/health"
    assert record.exc_info[0] is RuntimeError


@pytest.mark.django_db
def test_an_exception_in_a_decorate_view_wrapper_is_a_json_500_too(monkeypatch, request_log):
    # The events' cache wraps the operation (ninja.decorators.decorate_view), outside the part
    # whose exceptions ninja hands to the API's handlers.
    def broken(request, parts, build, parameters=None):
        raise RuntimeError(SECRET)

    monkeypatch.setattr("wagtail_integration.content_cache.cached_answer", broken)
    client = Client(raise_request_exception=False)

    response = client.get(f"{API}/series", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR, "errors": {}}
    logged = [r for r in request_log.records if r.name == "django.request"]
    assert [r.exc_info[0] for r in logged] == [RuntimeError]


@pytest.mark.django_db
def test_an_unexpected_exception_still_reaches_error_trackers_and_the_test_client(monkeypatch):
    # Django's test client re-raises what got_request_exception reports, as error trackers hear it.
    def broken():
        raise RuntimeError(SECRET)

    monkeypatch.setattr(health, "last_heartbeat", broken)

    with pytest.raises(RuntimeError, match="hunter2"):
        Client().get(f"{API}/health")


@pytest.mark.django_db
def test_the_locale_parameter_chooses_the_language_of_an_error_found_before_the_view_runs(client):
    response = client.get(f"{API}/occurrences?locale=en&limit=many", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert response.json()["detail"] == (
        "The request is not valid. The errors name each field to correct."
    )


@pytest.mark.django_db
def test_an_unknown_locale_with_another_error_leaves_the_visitors_language(client):
    response = client.get(f"{API}/occurrences?locale=xx&limit=many", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Die Anfrage ist ungültig.")
