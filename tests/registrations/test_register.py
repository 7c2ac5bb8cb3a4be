"""Registering for a date on the series page: seats, the waiting list, and every refusal."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests import factories
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for

pytestmark = pytest.mark.django_db


def _first_date(page):
    return Occurrence.objects.filter(series=page).order_by("start").first()


def _form_url(page, occurrence):
    return f"{page.url}register/{occurrence.pk}/"


def _send(client, page, occurrence, number=1, **fields):
    target = target_for(occurrence=occurrence)
    data = factories.registration_data(target, number, **fields)
    return client.post(_form_url(page, occurrence), data)


def test_the_first_registrations_get_seats_and_a_confirmation_with_the_date_and_a_cancel_link(
    client, committed
):
    page = factories.training(seats=2)
    occurrence = _first_date(page)

    with committed():
        response = _send(client, page, occurrence)

    assert response.status_code == 302
    assert response["Location"].endswith("?registered=confirmed")
    entry = Registration.objects.get()
    assert (entry.status, entry.occurrence) == ("confirmed", occurrence)
    assert entry.email == "person1@example.org"
    assert entry.consented_at is not None and entry.privacy_notice is not None
    [message] = mail.outbox
    assert message.to == ["person1@example.org"]
    assert "Neu im Ehrenamt" in message.subject
    assert "/integration/registrations/cancel/" in message.body
    [(name, ics, kind)] = message.attachments
    assert (name, kind) == ("event.ics", "text/calendar")
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Neu im Ehrenamt" in ics


def test_the_answer_page_says_confirmed_or_waiting(client):
    page = factories.training(seats=1)
    occurrence = _first_date(page)
    _send(client, page, occurrence, 1)
    response = _send(client, page, occurrence, 2)

    answer = client.get(response["Location"])

    assert response["Location"].endswith("?registered=waiting")
    assert "Sie stehen auf der Warteliste" in answer.content.decode()


def test_when_the_seats_are_taken_people_join_the_waiting_list_in_order(client):
    page = factories.training(seats=2)
    occurrence = _first_date(page)

    for number in range(1, 5):
        _send(client, page, occurrence, number)

    statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_without_a_waiting_list_a_full_date_is_refused_with_a_message_and_nothing_stored(client):
    page = factories.training(seats=1, registration_waiting_list=False)
    occurrence = _first_date(page)
    _send(client, page, occurrence, 1)

    response = _send(client, page, occurrence, 2)

    assert response.status_code == 409
    assert "Alle Plätze sind vergeben" in response.content.decode()
    assert Registration.objects.count() == 1


def test_the_same_address_cannot_register_twice_for_one_date(client):
    page = factories.training(seats=5)
    occurrence = _first_date(page)
    _send(client, page, occurrence, 1)

    response = _send(client, page, occurrence, 1, email="PERSON1@example.org")

    assert response.status_code == 400
    assert "bereits jemand für diesen Termin angemeldet" in response.content.decode()
    assert Registration.objects.count() == 1


def test_after_closing_the_form_is_replaced_by_a_message_and_a_post_stores_nothing(client):
    page = factories.training(seats=5, days_ahead=1, registration_closes_hours=48)
    occurrence = _first_date(page)

    shown = client.get(_form_url(page, occurrence))
    response = _send(client, page, occurrence)

    assert "Die Anmeldung für diesen Termin ist geschlossen." in shown.content.decode()
    assert 'name="email"' not in shown.content.decode()
    assert response.status_code == 200
    assert "geschlossen" in response.content.decode()
    assert not Registration.objects.exists()


def test_before_opening_the_form_says_when_registration_has_not_opened(client):
    page = factories.training(registration_opens_at=timezone.now() + dt.timedelta(days=2))
    occurrence = _first_date(page)

    response = client.get(_form_url(page, occurrence))

    assert "noch nicht geöffnet" in response.content.decode()


def test_a_cancelled_date_takes_no_registration(client):
    page = factories.training()
    occurrence = _first_date(page)
    Occurrence.objects.filter(pk=occurrence.pk).update(status="cancelled")

    response = _send(client, page, occurrence)

    assert "abgesagt" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_date_of_another_series_or_a_series_without_registration_is_not_found(client):
    page = factories.training()
    other = factories.series(factories.event_index(), materialise=True)
    foreign = _first_date(other)

    assert client.get(_form_url(page, foreign)).status_code == 404
    assert client.get(_form_url(other, foreign)).status_code == 404


def test_bad_input_names_the_field_and_stores_nothing(client):
    page = factories.training()
    occurrence = _first_date(page)

    response = _send(client, page, occurrence, email="not an address", consent="")

    body = response.content.decode()
    assert response.status_code == 200
    assert "name@example.org" in body
    assert "Datenschutzhinweis" in body
    assert not Registration.objects.exists()


def test_a_course_takes_one_registration_for_all_its_dates(client):
    page = factories.training(
        seats=3, rule="RRULE:FREQ=WEEKLY;COUNT=8", registration_scope="series"
    )
    occurrence = _first_date(page)
    target = target_for(series=page)
    data = factories.registration_data(target)

    response = client.post(f"{page.url}register/", data)

    assert response.status_code == 302
    entry = Registration.objects.get()
    assert entry.occurrence is None and entry.starts_at == occurrence.start
    page_html = client.get(page.url).content.decode()
    assert "Noch 2 Plätze frei" in page_html


def test_the_series_page_shows_the_seats_left_and_a_register_link_per_date(client):
    page = factories.training(seats=2, rule="RRULE:FREQ=WEEKLY;COUNT=3")
    first = _first_date(page)
    _send(client, page, first, 1)
    _send(client, page, first, 2)

    html = client.get(page.url).content.decode()

    assert "Ausgebucht: Warteliste" in html
    assert html.count("Noch 2 Plätze frei") == 2
    assert html.count('class="wi-button wi-button--secondary wi-event__register"') == 3


def test_on_the_arabic_page_the_form_is_arabic_right_to_left_and_the_mail_follows(
    client, committed
):
    page = factories.training(seats=3)
    arabic = factories.translate_page(page, "ar", title="متطوع جديد", slug="neu-ar")
    occurrence = _first_date(page)

    html = client.get(_form_url(arabic, occurrence)).content.decode()
    with committed():
        response = _send(client, arabic, occurrence)

    assert 'lang="ar" dir="rtl"' in html
    assert "تسجيل" in html or "التسجيل" in html
    assert response.status_code == 302
    entry = Registration.objects.get()
    assert (entry.language, entry.series_id) == ("ar", page.pk)
    [message] = mail.outbox
    assert "متطوع جديد" in message.subject
