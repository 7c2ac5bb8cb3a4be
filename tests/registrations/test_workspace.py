"""The coordinators' workspace: the dates with their seats taken, who registered for one date,
and moving, cancelling and recording attendance there.

The admin language of the coordinator here is English (their profile), so that messages can be
read without the German catalog; the behaviour is what is asserted.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.registrations.support import (
    admin_url,
    coordinator,
    dates,
    entry,
    page_editor,
    register,
)
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for
from wagtail_integration.submissions.models import Notification

pytestmark = pytest.mark.django_db

WEEKLY = "RRULE:FREQ=WEEKLY;COUNT=4"


@pytest.fixture
def coordinator_client(client):
    client.force_login(coordinator())
    return client


def row_counts(response):
    return [
        (row.occurrence.pk if row.occurrence else None, row.confirmed, row.waiting)
        for row in response.context["rows"]
    ]


def said(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def kinds(person):
    return list(Notification.objects.for_object(person).values_list("kind", flat=True))


# -- the dates -------------------------------------------------------------------------------


def test_the_dates_come_those_to_come_first_then_the_past_latest_first_with_seats_and_waiting(
    coordinator_client,
):
    page = factories.training(seats=2, rule=WEEKLY, days_ahead=-10)  # -10, -3, +4, +11 days
    first, second, third, fourth = dates(page)
    for number in (1, 2, 3):
        register(target_for(occurrence=third), number)
    entry(second, 4)

    response = coordinator_client.get(admin_url("index") + f"?series={page.pk}")

    assert response.status_code == 200
    assert row_counts(response) == [
        (third.pk, 2, 1),
        (fourth.pk, 0, 0),
        (second.pk, 1, 0),
        (first.pk, 0, 0),
    ]
    html = response.content.decode()
    assert "2 of 2" in html
    assert admin_url("date", third.pk) in html


def test_a_course_is_one_line_counting_the_registrations_for_the_whole_course(
    coordinator_client,
):
    course = factories.training(seats=2, rule=WEEKLY, registration_scope="series")
    target = target_for(series=course)
    for number in (1, 2, 3):
        register(target, number)

    response = coordinator_client.get(admin_url("index"))

    assert row_counts(response) == [(None, 2, 1)]
    assert response.context["rows"][0].url == admin_url("course", course.pk)
    assert response.context["rows"][0].start == dates(course)[0].start


def test_the_dates_are_narrowed_to_one_series_and_to_days(coordinator_client):
    index = factories.event_index()
    training = factories.training(index, "Neu im Ehrenamt", rule=WEEKLY)
    factories.training(index, "Erste Hilfe", days_ahead=5)
    third = dates(training)[2]
    day = timezone.localdate(third.start)

    by_series = coordinator_client.get(admin_url("index") + f"?series={training.pk}")
    by_day = coordinator_client.get(admin_url("index") + f"?date_from={day}&date_to={day}")

    assert {row.series.pk for row in by_series.context["rows"]} == {training.pk}
    assert len(by_series.context["rows"]) == 4
    assert [row.occurrence.pk for row in by_day.context["rows"]] == [third.pk]


# -- who registered for one date -------------------------------------------------------------


def test_a_date_shows_those_with_a_seat_and_the_waiting_list_in_order_with_their_details(
    coordinator_client,
):
    page = factories.training(seats=1)
    [occurrence] = dates(page)
    target = target_for(occurrence=occurrence)
    register(
        target,
        1,
        phone="+49 261 12345",
        languages=["ar", "uk"],
        accessibility="Rollstuhl",
        note="Ich bringe meine Tochter mit.",
    )
    register(target, 2)
    register(target, 3)

    response = coordinator_client.get(admin_url("date", occurrence.pk))

    assert response.status_code == 200
    assert [person.name for person in response.context["confirmed"]] == ["Person 1"]
    assert [person.name for person in response.context["waiting"]] == ["Person 2", "Person 3"]
    html = response.content.decode()
    for text in [
        "person1@example.org",
        "+49 261 12345",
        "Arabic, Ukrainian",  # named in the admin's language
        "Rollstuhl",
        "Ich bringe meine Tochter mit.",
        "Give a seat",
        "Move to the waiting list",
    ]:
        assert text in html
    # Attendance is for dates that have begun.
    assert "Did not come" not in html


def test_a_course_shows_the_registrations_for_the_whole_course(coordinator_client):
    course = factories.training(seats=5, rule=WEEKLY, registration_scope="series")
    register(target_for(series=course), 1)

    response = coordinator_client.get(admin_url("course", course.pk))
    from_a_date = coordinator_client.get(admin_url("date", dates(course)[1].pk))

    assert [person.name for person in response.context["confirmed"]] == ["Person 1"]
    assert from_a_date.status_code == 302
    assert from_a_date["Location"] == admin_url("course", course.pk)


# -- moving and cancelling -------------------------------------------------------------------


@pytest.fixture
def full_date():
    """A date with one seat, taken by person 1; persons 2 and 3 wait, in that order."""
    page = factories.training(seats=1)
    [occurrence] = dates(page)
    target = target_for(occurrence=occurrence)
    people = [register(target, number) for number in (1, 2, 3)]
    return occurrence, people


def test_giving_a_waiting_person_a_seat_tells_them_by_email(coordinator_client, full_date):
    occurrence, (_first, second, _third) = full_date

    response = coordinator_client.post(admin_url("action", second.pk, "confirm"))

    assert response.status_code == 302
    assert response["Location"] == admin_url("date", occurrence.pk)
    second.refresh_from_db()
    assert second.status == "confirmed"
    assert "registration.promoted" in kinds(second)
    assert said(response) == ["Person 2 has a seat now and is told so by e-mail."]


def test_moving_someone_to_the_waiting_list_gives_their_seat_to_nobody_else(
    coordinator_client, full_date
):
    _occurrence, (first, second, _third) = full_date

    response = coordinator_client.post(admin_url("action", first.pk, "wait"))

    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Person 1": "waiting", "Person 2": "waiting", "Person 3": "waiting"}
    assert "registration.promoted" not in kinds(second)
    assert said(response) == ["Person 1 is on the waiting list now."]


def test_cancelling_gives_the_seat_to_the_first_waiting_who_is_told(coordinator_client, full_date):
    _occurrence, (first, second, third) = full_date

    response = coordinator_client.post(admin_url("action", first.pk, "cancel"))

    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Person 1": "cancelled", "Person 2": "confirmed", "Person 3": "waiting"}
    assert "registration.promoted" in kinds(second)
    # Cancelled by a coordinator, not by the person: no confirmation of a cancellation.
    assert "registration.cancelled" not in kinds(first)
    assert said(response) == [
        "The registration of Person 1 is cancelled.",
        "Person 2 moves up from the waiting list to the free seat and is told so by e-mail.",
    ]


def test_an_action_on_a_cancelled_registration_changes_nothing_and_says_so(
    coordinator_client, full_date
):
    _occurrence, (first, _second, _third) = full_date
    coordinator_client.post(admin_url("action", first.pk, "cancel"), follow=True)

    again = coordinator_client.post(admin_url("action", first.pk, "cancel"), follow=True)
    seat = coordinator_client.post(admin_url("action", first.pk, "confirm"), follow=True)

    first.refresh_from_db()
    assert first.status == "cancelled"
    assert said(again) == ["Nothing changed: Person 1 is already cancelled."]
    assert said(seat) == ["Nothing changed: Person 1 is already cancelled."]


def test_actions_are_posts_with_the_csrf_token_only(full_date):
    _occurrence, (first, _second, _third) = full_date
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator())

    assert client.get(admin_url("action", first.pk, "cancel")).status_code == 405
    assert client.post(admin_url("action", first.pk, "cancel")).status_code == 403
    assert client.post(admin_url("action", first.pk, "unknown")).status_code == 403

    first.refresh_from_db()
    assert first.status == "confirmed"


def test_an_unknown_action_or_registration_is_not_found(coordinator_client, full_date):
    _occurrence, (first, _second, _third) = full_date

    # Followed: the site's LocaleMiddleware sends a 404 on to the language-prefixed path first.
    for url in (admin_url("action", first.pk, "delete"), admin_url("action", 999999, "cancel")):
        assert coordinator_client.post(url, follow=True).status_code == 404
    first.refresh_from_db()
    assert first.status == "confirmed"


# -- attendance ------------------------------------------------------------------------------


def test_attendance_is_recorded_once_the_date_has_begun(coordinator_client):
    page = factories.training(days_ahead=-2)
    [occurrence] = dates(page)
    came, stayed_away = entry(occurrence, 1), entry(occurrence, 2, status="waiting")

    page_before = coordinator_client.get(admin_url("date", occurrence.pk)).content.decode()
    response = coordinator_client.post(admin_url("action", came.pk, "attended"))
    coordinator_client.post(admin_url("action", stayed_away.pk, "no_show"))

    assert "Did not come" in page_before
    attendance = dict(Registration.objects.values_list("name", "attendance"))
    assert attendance == {"Person 1": "attended", "Person 2": "no_show"}
    assert said(response) == ["Attendance of Person 1 recorded: attended."]


def test_attendance_of_a_date_to_come_is_refused(coordinator_client, full_date):
    _occurrence, (first, _second, _third) = full_date

    response = coordinator_client.post(admin_url("action", first.pk, "no_show"))

    first.refresh_from_db()
    assert first.attendance == ""
    assert said(response) == ["Attendance can be recorded once the date has begun."]


# -- the lists take a fixed number of queries ------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("view", ["date", "index"])
def test_the_lists_take_as_many_queries_for_30_registrants_as_for_3(coordinator_client, view):
    index = factories.event_index()
    few, many = factories.training(index, seats=10), factories.training(index, seats=10)
    for page, count in ((few, 3), (many, 30)):
        [occurrence] = dates(page)
        for number in range(count):
            entry(occurrence, number, status="confirmed" if number < 10 else "waiting")
    urls = {
        page: admin_url("date", dates(page)[0].pk)
        if view == "date"
        else admin_url("index") + f"?series={page.pk}"
        for page in (few, many)
    }
    _queries(coordinator_client, urls[few])  # the session and permissions, read once

    assert _queries(coordinator_client, urls[many]) == _queries(coordinator_client, urls[few])


def test_the_dates_take_as_many_queries_for_30_dates_as_for_3(coordinator_client):
    index = factories.event_index()
    few = factories.training(index, rule="RRULE:FREQ=DAILY;COUNT=3")
    many = factories.training(index, rule="RRULE:FREQ=DAILY;COUNT=30")
    for page in (few, many):
        for number, occurrence in enumerate(dates(page)):
            entry(occurrence, number)
    urls = [admin_url("index") + f"?series={page.pk}" for page in (few, many)]
    _queries(coordinator_client, urls[0])

    assert _queries(coordinator_client, urls[1]) == _queries(coordinator_client, urls[0])


# -- the series' admin page ------------------------------------------------------------------


def test_the_admin_page_of_a_series_links_to_its_dates_in_the_workspace(client):
    page = factories.training()
    other = factories.series(factories.event_index(), "Stammtisch")
    client.force_login(page_editor(coordinating=True))

    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    other_html = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk])).content.decode()

    assert admin_url("index") + f"?series={page.pk}" in html
    assert "?series=" not in other_html


def test_an_editor_outside_the_group_sees_no_link_on_the_series_page(client):
    page = factories.training()
    client.force_login(page_editor())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))

    assert response.status_code == 200
    assert admin_url("index") not in response.content.decode()


def test_a_date_in_the_past_keeps_its_registrants_listed(coordinator_client):
    page = factories.training(days_ahead=-40)
    [occurrence] = dates(page)
    entry(occurrence, 1, created_at=timezone.now() - dt.timedelta(days=50))

    response = coordinator_client.get(admin_url("date", occurrence.pk))

    assert [person.name for person in response.context["confirmed"]] == ["Person 1"]
