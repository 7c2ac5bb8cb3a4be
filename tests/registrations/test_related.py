"""An offer of help shows the trainings its person registered for (matched by e-mail)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.related import registrations_of
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = pytest.mark.django_db


def _registered(page, email, **fields):
    occurrence = Occurrence.objects.filter(series=page).first()
    return Registration.objects.create(
        series=page,
        occurrence=occurrence,
        starts_at=occurrence.start,
        name="Erika Beispiel",
        email=email,
        language="de",
        **fields,
    )


def test_the_offer_of_help_lists_the_trainings_of_the_same_address(client):
    training = factories.training(title="Schulung: Neu im Ehrenamt")
    other = factories.training(title="Workshop: Dolmetschen")
    _registered(training, "Erika@Example.org")
    _registered(other, "someone.else@example.org")
    offer = factories.volunteer_interest(email="erika@example.org")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)

    url = reverse(VolunteerInterest.snippet_viewset.get_url_name("inspect"), args=[offer.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Schulung: Neu im Ehrenamt" in html
    assert "Workshop: Dolmetschen" not in html


def test_a_user_who_may_not_see_registrants_gets_none():
    training = factories.training()
    _registered(training, "erika@example.org")
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")

    assert registrations_of(["erika@example.org"], editor) == {}
    [record] = registrations_of(["erika@example.org"], admin)["erika@example.org"]
    assert (record.title, record.status) == ("Neu im Ehrenamt", "bestätigt")


def test_erased_registrations_are_not_shown():
    training = factories.training()
    entry = _registered(training, "erika@example.org")
    entry.anonymise()
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")

    assert registrations_of(["erika@example.org"], admin) == {}
