"""The API of one date: its seats and form, and registering through it."""

import pytest
from django.test import Client

from tests import factories
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for

pytestmark = pytest.mark.django_db

API = "/api/integration/v1"


def _date(page):
    return Occurrence.objects.filter(series=page).order_by("start").first()


def _post(client, occurrence, payload, **query):
    suffix = "".join(f"&{k}={v}" for k, v in query.items()).replace("&", "?", 1)
    return client.post(
        f"{API}/occurrences/{occurrence.pk}/registrations{suffix}",
        payload,
        content_type="application/json",
    )


def _payload(occurrence, number=1, **fields):
    return factories.registration_data(target_for(occurrence=occurrence), number, **fields)


def test_a_date_answers_with_its_seats_and_the_form_to_send():
    page = factories.training(seats=3)
    occurrence = _date(page)

    response = Client().get(f"{API}/occurrences/{occurrence.pk}?locale=de")

    data = response.json()
    assert response.status_code == 200
    assert (data["id"], data["title"], data["status"]) == (
        occurrence.pk,
        "Neu im Ehrenamt",
        "scheduled",
    )
    registration = data["registration"]
    assert registration["scope"] == "date"
    assert (registration["seats"], registration["seats_left"], registration["open"]) == (3, 3, True)
    assert registration["message"] == "Noch 3 Plätze frei"
    assert registration["submission_url"].endswith(f"/occurrences/{occurrence.pk}/registrations")
    names = [field["name"] for field in registration["fields"]]
    assert names[:2] == ["name", "email"] and "consent" in names
    assert registration["token"]
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )


def test_a_date_without_registration_on_this_site_has_none():
    page = factories.series(factories.event_index(), materialise=True)

    data = Client().get(f"{API}/occurrences/{_date(page).pk}").json()

    assert data["registration"] is None


def test_an_unknown_or_hidden_date_is_a_404():
    page = factories.training()
    occurrence = _date(page)
    Occurrence.objects.filter(pk=occurrence.pk).update(visible=False)

    assert Client().get(f"{API}/occurrences/{occurrence.pk}").status_code == 404
    assert Client().get(f"{API}/occurrences/999999").status_code == 404


def test_registering_answers_201_with_the_status_and_stores_the_source(client):
    page = factories.training(seats=1)
    occurrence = _date(page)

    first = _post(client, occurrence, _payload(occurrence, 1), source="embed")
    second = _post(client, occurrence, _payload(occurrence, 2))

    assert (first.status_code, first.json()["status"]) == (201, "confirmed")
    assert (second.status_code, second.json()["status"]) == (201, "waiting")
    assert list(Registration.objects.order_by("pk").values_list("source", "status")) == [
        ("embed", "confirmed"),
        ("api", "waiting"),
    ]


def test_a_full_date_without_waiting_list_answers_409_in_the_requested_language(client):
    page = factories.training(seats=1, registration_waiting_list=False)
    occurrence = _date(page)
    _post(client, occurrence, _payload(occurrence, 1))

    response = _post(client, occurrence, _payload(occurrence, 2), locale="en")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "All seats are taken, and this event has no waiting list.",
        "errors": {},
    }
    assert Registration.objects.count() == 1


def test_field_errors_and_a_second_registration_of_one_address_name_the_field(client):
    page = factories.training(seats=5)
    occurrence = _date(page)
    _post(client, occurrence, _payload(occurrence, 1))

    invalid = _post(client, occurrence, _payload(occurrence, 2, email="nope", consent=False))
    twice = _post(client, occurrence, _payload(occurrence, 1))

    assert invalid.status_code == 400
    assert set(invalid.json()["errors"]) == {"email", "consent"}
    assert twice.status_code == 400
    assert list(twice.json()["errors"]) == ["email"]
    assert Registration.objects.count() == 1


def test_the_same_token_sent_twice_stores_one_registration(client):
    page = factories.training(seats=5)
    occurrence = _date(page)
    payload = _payload(occurrence, 1)

    first = _post(client, occurrence, payload)
    again = _post(client, occurrence, payload)

    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert Registration.objects.count() == 1


def test_a_date_without_registration_refuses_a_post_with_404(client):
    page = factories.series(factories.event_index(), materialise=True)
    occurrence = _date(page)

    response = _post(client, occurrence, {"name": "A"})

    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_series_api_names_registration_on_this_site():
    page = factories.training(seats=12, rule="RRULE:FREQ=WEEKLY;COUNT=4")

    data = Client().get(f"{API}/series/{page.pk}?locale=en").json()

    assert data["registration"]["kind"] == "form"
    assert (data["registration"]["scope"], data["registration"]["seats"]) == ("date", 12)
