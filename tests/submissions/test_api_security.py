"""No submission is reachable through the API, and the API never echoes what a person sent
(wagtail_integration/submissions/api.py, DESIGN §6)."""

import json
import re

import pytest
from django.core.cache import cache

from tests import factories
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TEXT_FIELDS = ("name", "phone", "district", "availability_note", "experience", "message")


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page():
    topic = factories.topic(slug="sprache", name="Sprachpatenschaft")
    return factories.volunteer_form_page(topics=[topic])


def submit(client, page, **fields):
    data = {
        "name": "Erika Geheimname",
        "email": "erika.geheim@example.org",
        "phone": "+49 261 987654",
        "contact_channel": "email",
        "consent": True,
        "form_token": factories.form_token(page),
        **fields,
    }
    return client.post(
        f"{API}/forms/{page.pk}/submissions", json.dumps(data), content_type="application/json"
    )


def get_routes(client):
    """Every GET path of the API, from its OpenAPI document."""
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    return [path for path, operations in paths.items() if "get" in operations]


def test_no_api_route_reads_submissions(client, page):
    response = submit(client, page)
    reference = response.json()["reference"]

    assert not [path for path in get_routes(client) if "submission" in path]
    assert client.get(f"{API}/forms/{page.pk}/submissions").status_code == 405
    for path in (
        f"{API}/forms/{page.pk}/submissions/{reference}",
        f"{API}/submissions",
        f"{API}/submissions/{reference}",
        f"{API}/volunteers",
    ):
        assert client.get(path).status_code == 404, path


def test_no_api_response_contains_a_persons_data(client, page):
    assert submit(client, page).status_code == 201
    interest = VolunteerInterest.objects.get()
    guide = factories.guide(factories.topic_index())
    ids = {"id": page.pk}
    query = "?start=2026-01-01&end=2026-12-31&limit=100"

    answers = {}
    for route in get_routes(client):
        for pk in (page.pk, guide.pk, interest.pk):
            path = re.sub(r"\{(\w+)\}", lambda m, pk=pk: str(ids.get(m[1], pk)), route)
            response = client.get(path + query)
            assert response.status_code < 500, path
            answers[path] = response.content.decode()

    assert f"{API}/forms/{page.pk}" in answers
    for path, text in answers.items():
        for secret in ("Geheimname", "erika.geheim", "987654", str(interest.reference)):
            assert secret not in text, (path, secret)


def test_markup_in_text_fields_is_stored_as_given_and_never_echoed(client, page):
    fields = {name: f"{name} {MARKUP}" for name in TEXT_FIELDS}
    fields["phone"] = "+49 261 1234"  # a phone number allows no markup; see the next test

    response = submit(client, page, **fields)

    assert response.status_code == 201
    assert "<script" not in response.content.decode()
    interest = VolunteerInterest.objects.get()
    for name in TEXT_FIELDS:
        if name != "phone":
            assert getattr(interest, name) == f"{name} {MARKUP}"


def test_a_refused_submission_does_not_echo_the_markup_it_carried(client, page):
    fields = {name: MARKUP for name in TEXT_FIELDS}
    fields.update(
        consent=False,
        contact_channel=MARKUP,
        interests=[MARKUP],
        language_ar=MARKUP,
        email=MARKUP,
    )

    response = submit(client, page, **fields)

    assert response.status_code == 400
    text = response.content.decode()
    assert "<script" not in text and "onerror" not in text and "alert" not in text
    assert {"consent", "contact_channel", "interests", "language_ar", "email", "phone"} <= set(
        response.json()["errors"]
    )
    assert not VolunteerInterest.objects.exists()


def test_the_answer_to_a_submission_names_only_its_reference(client, page):
    response = submit(client, page)

    assert set(response.json()) == {"reference", "message"}
    assert "Geheimname" not in response.content.decode()
    assert "erika.geheim" not in response.content.decode()
