"""No date is oversold (issue 14): fifty people register for ten seats at the same moment.

Fifty threads, each on an HTTP connection of its own, wait at a barrier and then all send
``POST occurrences/{id}/registrations`` to a live server, which answers each in a thread and on a
database connection of its own. The seat is decided in ``seats.register`` inside the intake's
transaction: on PostgreSQL the occurrence's row is locked (``SELECT … FOR UPDATE``), so each
registration counts the confirmed ones only after the one before it has committed; on SQLite the
example site's ``IMMEDIATE`` transactions (``tune_sqlite()``) let one writer in at a time, and
the others wait for the lock (up to 20 s) instead of failing with "database is locked".

Every address is different, so that the duplicate check refuses no one; the rate limit is off,
as all fifty come from 127.0.0.1 (it has tests of its own). Both run on SQLite and PostgreSQL.

The last test is the lock's other half: once it has the lock, a registration decides on the
date as it is then, not as it was loaded before it waited.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests import factories
from wagtail_integration.events.models import Occurrence, OccurrenceStatus
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import Target, target_for
from wagtail_integration.submissions.models import Notification

PEOPLE = 50
SEATS = 10


@pytest.fixture
def burst(live_server, settings):
    """``burst(occurrence)``: the fifty registrations, sent at once; their ``(status, body)``.

    Each thread makes its own connection (no shared session) and waits at a barrier, so that
    all fifty requests are in the server together rather than one after another.
    """
    settings.WAGTAIL_INTEGRATION = {
        **(getattr(settings, "WAGTAIL_INTEGRATION", None) or {}),
        "SUBMISSION_RATE_LIMIT": "",
    }
    # Django's test server listens with a backlog of 10 (WSGIServer.request_queue_size): fifty
    # connections at once overflow it, and the kernel resets some of them before the server has
    # seen them. A site's gunicorn listens with 2048; listen() again only sets the backlog.
    live_server.thread.httpd.socket.listen(PEOPLE)

    def send(occurrence):
        api = f"{live_server.url}/api/integration/v1"
        url = f"{api}/occurrences/{occurrence.pk}/registrations?locale=de"
        target = target_for(occurrence=occurrence)
        # Made here, not in the threads: a token older than SUBMISSION_MIN_FILL_SECONDS each.
        payloads = [factories.registration_data(target, n) for n in range(1, PEOPLE + 1)]
        barrier = threading.Barrier(PEOPLE, timeout=60)

        def one(payload):
            barrier.wait()
            answer = requests.post(url, json=payload, timeout=120)
            try:
                body = answer.json()
            except ValueError:
                body = answer.text[:500]
            return answer.status_code, body

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
            answers = list(pool.map(one, payloads))
        print(f"{PEOPLE} registrations at once: {time.monotonic() - started:.2f} s")
        return answers

    return send


def _ten_seats(**fields):
    factories.ensure_default_site()
    page = factories.training(seats=SEATS, **fields)
    return Occurrence.objects.get(series=page)


@pytest.mark.django_db(transaction=True)
def test_fifty_at_once_for_ten_seats_confirm_exactly_ten_and_put_forty_on_the_waiting_list(
    burst,
):
    occurrence = _ten_seats()

    answers = burst(occurrence)

    assert Counter(status for status, _ in answers) == {201: PEOPLE}, answers
    assert Counter(body["status"] for _, body in answers) == {
        "confirmed": SEATS,
        "waiting": PEOPLE - SEATS,
    }
    stored = dict(Registration.objects.values_list("reference", "status"))
    assert Counter(stored.values()) == {"confirmed": SEATS, "waiting": PEOPLE - SEATS}
    # Each answer is the stored decision for that person, and each person is told it once.
    assert {body["reference"]: body["status"] for _, body in answers} == {
        str(reference): status for reference, status in stored.items()
    }
    told = Counter(Notification.objects.values_list("kind", flat=True))
    assert told == {"registration.confirmed": SEATS, "registration.waiting": PEOPLE - SEATS}


@pytest.mark.django_db(transaction=True)
def test_fifty_at_once_for_ten_seats_without_a_waiting_list_store_ten_and_refuse_forty_with_409(
    burst,
):
    occurrence = _ten_seats(registration_waiting_list=False)

    answers = burst(occurrence)

    assert Counter(status for status, _ in answers) == {201: SEATS, 409: PEOPLE - SEATS}, answers
    assert {body["status"] for status, body in answers if status == 201} == {"confirmed"}
    refusals = {body["detail"] for status, body in answers if status == 409}
    assert refusals == {
        "Alle Plätze sind vergeben, und für diese Veranstaltung gibt es keine Warteliste."
    }
    assert Registration.objects.count() == SEATS
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}
    assert Notification.objects.count() == SEATS  # no message for those refused


@pytest.mark.django_db
def test_a_date_cancelled_while_a_registration_waits_for_its_lock_takes_no_registration(
    client, monkeypatch
):
    # The request loads the date, then waits for its row's lock, which a rebuild holds that
    # cancels the date; when the lock comes, the decision must be on the date as it is now.
    occurrence = _ten_seats()
    lock = Target.lock

    def cancelled_meanwhile(target):
        Occurrence.objects.filter(pk=target.occurrence.pk).update(status=OccurrenceStatus.CANCELLED)
        lock(target)

    monkeypatch.setattr(Target, "lock", cancelled_meanwhile)

    response = client.post(
        f"/api/integration/v1/occurrences/{occurrence.pk}/registrations?locale=de",
        factories.registration_data(target_for(occurrence=occurrence)),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Dieser Termin ist abgesagt."
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()
