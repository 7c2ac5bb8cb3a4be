"""The unsubscribe link of the Stammtisch invitations (``unsubscribe`` in views.py)."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from wagtail_integration.volunteering.mail import unsubscribe_token
from wagtail_integration.volunteering.models import Status, VolunteerInterest, VolunteerNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def interest():
    return VolunteerInterest.objects.create(
        name="Emily Example",
        email="emily@example.org",
        language="en",
        status=Status.ACTIVE,
        invitations=True,
    )


def link(interest_or_token):
    token = interest_or_token
    if isinstance(token, VolunteerInterest):
        token = unsubscribe_token(token)
    return reverse("wagtail_integration_volunteering:unsubscribe", args=[token])


def test_opening_the_link_asks_in_the_persons_language_and_changes_nothing(client, interest):
    response = client.get(link(interest), HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert response["Content-Language"] == "en"
    assert 'method="post"' in html and "Stop the invitations" in html
    interest.refresh_from_db()
    assert interest.invitations is True
    assert not VolunteerNote.objects.exists()


def test_a_german_volunteer_gets_the_page_in_german(client, interest):
    interest.language = "de"
    interest.save()
    html = client.get(link(interest), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de" dir="ltr">' in html


def test_an_arabic_volunteer_gets_a_right_to_left_page(client, interest):
    interest.language = "ar"
    interest.save()
    html = client.get(link(interest)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_confirming_stops_the_invitations_and_notes_when(client, interest):
    response = client.post(link(interest))
    assert response.status_code == 200
    with translation.override("en"):
        assert "You will receive no more invitations" in response.content.decode()
    interest.refresh_from_db()
    assert interest.invitations is False
    assert interest.status == Status.ACTIVE  # the offer of help itself stays as it was
    (note,) = interest.notes.all()
    assert note.author is None and note.created_at is not None
    client.post(link(interest))
    assert interest.notes.count() == 1  # a second click records nothing new


def test_after_unsubscribing_the_link_says_no_invitations_come(client, interest):
    client.post(link(interest))
    html = client.get(link(interest)).content.decode()
    assert "You receive no invitations to the Stammtisch." in html
    assert 'method="post"' not in html


def test_a_one_click_unsubscribe_from_a_mail_program_needs_no_csrf_token(interest):
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        link(interest),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    interest.refresh_from_db()
    assert interest.invitations is False


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps("00000000-0000-0000-0000-000000000000", salt="another purpose"),
        signing.dumps("not a reference", salt="wagtail_integration.volunteering.unsubscribe"),
    ],
)
def test_a_bad_token_gets_a_clear_404_page(client, interest, token):
    with translation.override("en"):
        response = client.get(link(token), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert "This link to stop the Stammtisch invitations is not valid" in (
            response.content.decode()
        )
    assert client.post(link(token)).status_code == 404
    interest.refresh_from_db()
    assert interest.invitations is True


def test_a_tampered_token_changes_nothing(client, interest):
    token = unsubscribe_token(interest)
    assert client.post(link(token[:-2] + "xx")).status_code == 404
    interest.refresh_from_db()
    assert interest.invitations is True


def test_the_link_of_erased_data_gets_the_404_page(client, interest):
    token = unsubscribe_token(interest)
    interest.delete()
    assert client.get(link(token)).status_code == 404
    other = VolunteerInterest.objects.create(name="Anonym", language="de", invitations=True)
    other.anonymise()
    assert client.post(link(unsubscribe_token(other))).status_code == 404
