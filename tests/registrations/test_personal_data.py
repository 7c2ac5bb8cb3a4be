"""A registrant's right of access and erasure, through the shared submission machinery."""

import pytest

from tests import factories
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for
from wagtail_integration.submissions.models import Notification
from wagtail_integration.submissions.personal_data import (
    erase_personal_data,
    export_personal_data,
)

pytestmark = pytest.mark.django_db


def _register(client, page, number):
    occurrence = Occurrence.objects.get(series=page)
    data = factories.registration_data(target_for(occurrence=occurrence), number)
    client.post(f"{page.url}register/{occurrence.pk}/", data)


def test_the_export_holds_the_registration_with_its_date_and_status(client):
    page = factories.training(seats=3)
    _register(client, page, 1)

    data = export_personal_data("PERSON1@example.org", via="command")

    [row] = data["submissions"]["integration_registrations.Registration"]
    assert (row["name"], row["email"], row["series"], row["status"]) == (
        "Person 1",
        "person1@example.org",
        "Neu im Ehrenamt",
        "confirmed",
    )


def test_erasing_a_confirmed_person_gives_the_seat_to_the_first_waiting(client, committed):
    page = factories.training(seats=1)
    _register(client, page, 1)
    _register(client, page, 2)

    with committed():
        assert erase_personal_data("person1@example.org", via="command") == 1

    assert list(Registration.objects.values_list("email", "status")) == [
        ("person2@example.org", "confirmed")
    ]
    assert Notification.objects.filter(
        kind="registration.promoted", recipient="person2@example.org"
    ).exists()
    assert not Notification.objects.filter(recipient="person1@example.org").exists()
