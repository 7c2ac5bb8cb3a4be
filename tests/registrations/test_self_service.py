"""The registrant's own links and the messages they get: cancel, the waiting list moving up,
reminders, and dates that are cancelled or moved."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests import factories
from wagtail_integration.events.models import Occurrence, OccurrenceStatus
from wagtail_integration.events.occurrences import rebuild_series
from wagtail_integration.registrations.mail import cancel_token
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.reminders import send_reminders
from wagtail_integration.registrations.seats import target_for
from wagtail_integration.submissions.models import Notification

pytestmark = pytest.mark.django_db


def _register(client, page, occurrence, number, language=None):
    """Person ``number`` registers through the page; ``language`` stands for a registration
    made on a translation of the page."""
    target = target_for(occurrence=occurrence)
    data = factories.registration_data(target, number)
    client.post(f"{page.url}register/{occurrence.pk}/", data)
    if language:
        Registration.objects.filter(email=f"person{number}@example.org").update(language=language)
    return Registration.objects.get(email=f"person{number}@example.org")


def _cancel_url(entry):
    return f"/integration/registrations/cancel/{cancel_token(entry)}/"


@pytest.fixture
def full_date(client):
    """A date with one seat, taken by person 1; person 2 waits."""
    page = factories.training(seats=1)
    occurrence = Occurrence.objects.get(series=page)
    first = _register(client, page, occurrence, 1)
    second = _register(client, page, occurrence, 2, language="ar")
    mail.outbox.clear()
    return page, occurrence, first, second


def test_opening_the_cancel_link_asks_and_cancels_nothing(client, full_date):
    _page, _occurrence, first, _second = full_date

    response = client.get(_cancel_url(first))

    assert response.status_code == 200
    assert "Möchten Sie Ihre Anmeldung absagen?" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_cancelling_gives_the_seat_to_the_first_on_the_waiting_list_who_is_told(
    client, full_date, committed
):
    _page, _occurrence, first, second = full_date

    with committed():
        response = client.post(_cancel_url(first))

    assert "Ihre Anmeldung ist abgesagt" in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "confirmed")
    kinds = sorted(Notification.objects.values_list("kind", "recipient"))
    assert ("registration.cancelled", "person1@example.org") in kinds
    assert ("registration.promoted", "person2@example.org") in kinds
    promoted = next(m for m in mail.outbox if m.to == ["person2@example.org"])
    assert promoted.attachments, "the new seat comes with its date as a calendar file"


def test_a_cancel_link_used_twice_says_it_is_already_cancelled_and_changes_nothing(
    client, full_date
):
    _page, _occurrence, first, second = full_date
    client.post(_cancel_url(first))
    notifications = Notification.objects.count()

    response = client.post(_cancel_url(first))

    assert "bereits abgesagt" in response.content.decode()
    assert Notification.objects.count() == notifications
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_a_forged_cancel_link_is_refused_with_a_message(client, full_date):
    _page, _occurrence, first, _second = full_date
    token = cancel_token(first)

    response = client.post(f"/integration/registrations/cancel/{token[:-2]}xx/")

    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"


def test_the_cancel_page_comes_in_the_registrants_language(client, full_date):
    _page, _occurrence, _first, second = full_date

    response = client.get(_cancel_url(second))

    assert response["Content-Language"] == "ar"


def test_a_reminder_goes_out_once_when_the_date_is_near(client, committed):
    page = factories.training(seats=5, days_ahead=1, registration_reminder_hours=48)
    occurrence = Occurrence.objects.get(series=page)
    _register(client, page, occurrence, 1)
    Notification.objects.all().delete()

    with committed():
        first_run = send_reminders()
    second_run = send_reminders()

    assert (first_run, second_run) == (1, 0)
    [reminder] = Notification.objects.filter(kind="registration.reminder")
    assert reminder.recipient == "person1@example.org"


def test_no_reminder_is_due_before_its_time():
    page = factories.training(seats=5, days_ahead=10, registration_reminder_hours=24)
    occurrence = Occurrence.objects.get(series=page)
    Registration.objects.create(
        series=page,
        occurrence=occurrence,
        starts_at=occurrence.start,
        name="A",
        email="a@example.org",
        language="de",
    )

    assert send_reminders() == 0
    assert send_reminders(now=occurrence.start - dt.timedelta(hours=23)) == 1


def _change_first_date(page, **override):
    occurrence = Occurrence.objects.filter(series=page).order_by("start").first()
    local = occurrence.start.astimezone(page.zone)
    page.overrides.create(date=local.date(), **override)
    page.save_revision().publish()
    rebuild_series(page.pk)
    return occurrence


def test_a_cancelled_date_ends_its_registrations_and_tells_each_person_the_reason(client):
    page = factories.training(seats=5, rule="RRULE:FREQ=WEEKLY;COUNT=3")
    first = Occurrence.objects.filter(series=page).order_by("start").first()
    _register(client, page, first, 1)
    _register(client, page, first, 2, language="en")
    Notification.objects.all().delete()

    _change_first_date(page, action="cancel", note="Die Referentin ist krank.")

    assert Occurrence.objects.get(pk=first.pk).status == OccurrenceStatus.CANCELLED
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    told = Notification.objects.filter(kind="registration.date_cancelled")
    assert sorted(told.values_list("recipient", "language")) == [
        ("person1@example.org", "de"),
        ("person2@example.org", "en"),
    ]
    message = Registration.objects.get(email="person1@example.org").render_notification(
        told.get(language="de")
    )
    assert "Die Referentin ist krank." in message.body
    assert message.subject == "Abgesagt: Neu im Ehrenamt"


def test_a_moved_date_keeps_the_seat_and_tells_the_old_and_the_new_time(client):
    page = factories.training(seats=5, rule="RRULE:FREQ=WEEKLY;COUNT=3")
    first = Occurrence.objects.filter(series=page).order_by("start").first()
    entry = _register(client, page, first, 1)
    Notification.objects.all().delete()

    _change_first_date(page, action="move", new_start_time=dt.time(17, 0))

    entry.refresh_from_db()
    assert entry.status == "confirmed"
    assert entry.starts_at.astimezone(page.zone).hour == 17
    [told] = Notification.objects.filter(kind="registration.date_moved")
    message = entry.render_notification(told)
    assert "18:00" in message.body and "17:00" in message.body


def test_a_rebuild_that_changes_nothing_tells_no_one(client):
    page = factories.training(seats=5)
    occurrence = Occurrence.objects.get(series=page)
    _register(client, page, occurrence, 1)
    Notification.objects.all().delete()

    rebuild_series(page.pk)

    assert not Notification.objects.exists()


def test_an_erased_person_gets_no_more_mail(client):
    page = factories.training(seats=5, days_ahead=1, registration_reminder_hours=48)
    occurrence = Occurrence.objects.get(series=page)
    entry = _register(client, page, occurrence, 1)
    entry.anonymise()

    assert send_reminders(now=timezone.now()) == 0


def test_an_unpublished_and_republished_series_cancels_nothing_and_finds_its_dates_again(client):
    page = factories.training(seats=5)
    occurrence = Occurrence.objects.get(series=page)
    entry = _register(client, page, occurrence, 1)
    Notification.objects.all().delete()

    page.unpublish()
    rebuild_series(page.pk)
    entry.refresh_from_db()
    gone = (entry.occurrence_id, entry.status)
    page.save_revision().publish()
    rebuild_series(page.pk)
    entry.refresh_from_db()

    assert gone == (None, "confirmed")
    assert entry.occurrence == Occurrence.objects.get(series=page)
    assert entry.status == "confirmed"
    assert not Notification.objects.exists()
