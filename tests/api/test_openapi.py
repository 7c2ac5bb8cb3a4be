"""The OpenAPI document says what the API does (api/openapi.py, api/schemas.py, the routers).

The last test runs schemathesis over the whole document against the API, on demo-like data:
no 5xx, no answer outside its schema, no status the document does not list.
"""

import datetime as dt
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode

from tests import factories
from wagtail_integration.api.urls import api

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"


def document():
    # As the server sends it: through JSON, so that keys are strings.
    return api.get_openapi_schema()


def operations(doc):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path.removeprefix(API)}", operation


def all_values(node, key):
    """Every value of ``key`` anywhere in ``node``."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                yield value
            yield from all_values(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from all_values(value, key)


def test_the_document_validates_against_the_openapi_specification(client):
    validate(client.get(f"{API}/openapi.json").json())


def test_locale_is_the_enum_of_the_configured_content_languages(client):
    with override_settings(WAGTAIL_CONTENT_LANGUAGES=[("de", "Deutsch"), ("ar", "العربية")]):
        doc = client.get(f"{API}/openapi.json").json()

    for name, operation in operations(doc):
        for parameter in operation.get("parameters", ()):
            if parameter["name"] == "locale":
                assert parameter["schema"]["enum"] == ["de", "ar"], name


def test_no_time_is_declared_format_time_which_requires_an_offset():
    assert "time" not in set(all_values(document(), "format"))


def test_every_operation_documents_the_errors_it_answers():
    for name, operation in operations(document()):
        responses = {str(status) for status in operation["responses"]}
        parameters = {p["in"] for p in operation.get("parameters", ())}
        if "query" in parameters:
            assert "400" in responses, name
        if "path" in parameters:
            assert "404" in responses, name
        for status in responses - {"200", "201", "304", "503"}:
            schema = operation["responses"][int(status)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (name, status)


def test_the_submission_documents_413_415_and_429_with_retry_after():
    submit = document()["paths"][f"{API}/forms/{{id}}/submissions"]["post"]["responses"]

    assert {413, 415, 429} <= set(submit)
    assert submit[429]["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}


def test_every_integer_parameter_has_bounds():
    for name, operation in operations(document()):
        for parameter in operation.get("parameters", ()):
            if parameter["schema"].get("type") == "integer":
                assert "minimum" in parameter["schema"], (name, parameter["name"])
                assert parameter["schema"]["maximum"] <= 2**63 - 1, (name, parameter["name"])


# schemathesis over the whole document

#: Page ids that exist, by the first part of the operation's path, for the path ids generated.
EXISTING = {}


@pytest.fixture
def demo_like_content(db, settings):
    """One of each kind of thing the API answers, in German with an English translation here
    and there, so that ids resolve and lists are not empty; the rate limit out of the way."""
    settings.WAGTAIL_INTEGRATION = {
        **(getattr(settings, "WAGTAIL_INTEGRATION", None) or {}),
        "SUBMISSION_RATE_LIMIT": "",
    }
    topic = factories.topic(slug="sprache", name="Sprache")
    factories.organisation(name="IKOKO", topics=[topic], languages=("de", "ar"))
    guide = factories.guide(factories.topic_index(), title="Sprachkurse", topic=topic)
    factories.translate_page(guide, "en", title="Language courses")
    series = factories.series(
        factories.event_index(slug="veranstaltungen"),
        summary="Austausch und Vernetzung.",
        materialise=(
            dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            dt.datetime(2028, 1, 1, tzinfo=dt.UTC),
        ),
    )
    factories.honour_recipient(factories.honour_index(), title="Erika Beispiel")
    form = factories.volunteer_form_page(topics=[topic])
    EXISTING.update(topics=guide.pk, series=series.pk, forms=form.pk)
    yield
    EXISTING.clear()


#: Examples per operation and generation mode; ``SCHEMATHESIS_EXAMPLES`` raises it for a
#: longer run by hand.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "30"))

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
    # Not negative_data_rejection: the API accepts on purpose some values the document leaves
    # out of its enums, an empty filter (`kind=`) as none and a regional `locale` (`en-GB`) as
    # its language.
]


@pytest.fixture
def keep_database_connection():
    """Keep the test's database connection (and its transaction) open after each request, as
    Django's test client does: the WSGI handler would close it around each request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def cases(operation, mode):
    """Generated requests of ``operation``; for a path id, half of them with one that exists,
    so that the answers of the objects are checked too, not only their 404s."""
    generated = operation.as_strategy(generation_mode=mode)
    existing = EXISTING.get(operation.path.removeprefix(API).split("/")[1])
    if existing is None or "{id}" not in operation.path or mode != GenerationMode.POSITIVE:
        return generated
    return st.one_of(
        generated, operation.as_strategy(generation_mode=mode, path_parameters={"id": existing})
    )


def failures_of(operation, mode):
    """The failures of ``operation`` over the generated requests of ``mode`` (empty: none)."""

    @given(case=cases(operation, mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure says enough
    )
    def run(case):
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid: an operation without parameters
        assert (
            mode == GenerationMode.NEGATIVE
            and not operation.query
            and not operation.path_parameters
        )
    except Exception as exc:  # a check's failure group, or an error of the call
        return [f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"]
    return []


# Run once, in make test's SQLite pass: the API is the same on PostgreSQL, where
# tests/api/test_parameters.py covers the database's limits.
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="schemathesis runs in the suite's SQLite pass only"
)
def test_every_operation_answers_within_its_documented_statuses_and_schemas(
    demo_like_content, keep_database_connection
):
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]

    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        for failure in failures_of(operation, mode)
    ]

    assert len(operations) >= 12
    assert not failures, "\n\n".join(failures)
