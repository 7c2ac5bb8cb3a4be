"""A cancellation, end to end with a real Celery worker on the real Redis (issue 14).

A date has one seat: person A has it, person B waits. A cancels through the link of the mails;
the web request stores the cancellation, gives B the seat and puts both messages in the outbox,
and only a worker process sends them. The worker runs with the example site's test settings
plus SMTP to a server of the test's own (``celery_worker`` of ``tests/outbox_services.py``, as
the outbox's own real-worker tests do), not the ``worker`` fixture's settings as they are: their
locmem mail would stay inside the worker process, where the test cannot see it. It consumes a
queue of its own on the shared Redis, as the ``worker`` fixture's does, and this process sends
every task there (``task_default_queue``): the tasks are enqueued by the application after its
commits, not by the test, and no other worker on that Redis may take them.

Runs on SQLite and PostgreSQL: the worker opens the test's database (a file on SQLite).
"""

import email.message
import time
import uuid

import pytest
import redis as redis_client

from tests import factories
from tests.outbox_services import (
    NOTIFICATION_HEADER,
    celery_worker,
    smtp_server,
    smtp_settings,
    wait_for,
)
from tests.services import require_redis
from wagtail_integration.events.models import Occurrence
from wagtail_integration.registrations.mail import cancel_token
from wagtail_integration.registrations.models import Registration
from wagtail_integration.registrations.seats import target_for
from wagtail_integration.submissions.models import Notification
from wagtail_integration.submissions.outbox import send_notification

WORKER_TIMEOUT = 90


@pytest.fixture
def own_queue(celery_broker):
    """The shared Redis as broker, eager mode off, and every task sent to a queue of the test's
    own; ``(redis url, queue)``. The queue's keys are deleted and the setting restored after."""
    from celery import current_app

    redis = require_redis()
    celery_broker(redis)
    queue = f"wagtail-integration-test-{uuid.uuid4().hex}"
    conf = current_app.conf
    # As celery_broker does: under both names, and taken out again rather than set back.
    names = ("task_default_queue", "CELERY_TASK_DEFAULT_QUEUE")
    saved = {name: conf.changes[name] for name in names if name in conf.changes}
    conf.update(dict.fromkeys(names, queue))
    yield redis, queue
    for name in names:
        conf.changes.pop(name, None)
    conf.changes.update(saved)
    client = redis_client.Redis.from_url(redis)
    client.delete(queue, f"_kombu.binding.{queue}")
    client.close()


def _register(client, occurrence, number):
    target = target_for(occurrence=occurrence)
    response = client.post(
        f"/api/integration/v1/occurrences/{occurrence.pk}/registrations",
        factories.registration_data(target, number),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Registration.objects.get(reference=response.json()["reference"])


def _all_sent():
    return not Notification.objects.exclude(status=Notification.Status.SENT).exists()


def _has_calendar(message: email.message.Message):
    return any(part.get_content_type() == "text/calendar" for part in message.walk())


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_cancel_link_frees_the_seat_and_the_worker_tells_both_people_once_each(
    client, own_queue, tmp_path
):
    redis, queue = own_queue
    factories.ensure_default_site()
    page = factories.training(seats=1)
    occurrence = Occurrence.objects.get(series=page)

    with (
        smtp_server() as (port, smtp),
        celery_worker(
            redis, tmp_path, CELERY_TASK_DEFAULT_QUEUE=queue, **smtp_settings(port)
        ) as worker,
    ):
        first = _register(client, occurrence, 1)
        second = _register(client, occurrence, 2)
        assert (first.status, second.status) == ("confirmed", "waiting")
        wait_for(
            lambda: Notification.objects.count() == 2 and _all_sent(),
            timeout=WORKER_TIMEOUT,
            message=f"the worker did not send the two first notices within {WORKER_TIMEOUT} s",
            process=worker,
        )

        response = client.post(f"/integration/registrations/cancel/{cancel_token(first)}/")

        assert response.status_code == 200
        assert "Ihre Anmeldung ist abgesagt" in response.content.decode()
        wait_for(
            lambda: Notification.objects.count() == 4 and _all_sent(),
            timeout=WORKER_TIMEOUT,
            message=f"the worker did not send the two new notices within {WORKER_TIMEOUT} s",
            process=worker,
        )
        # Each enqueued again, as a sweep racing the first tasks would: nothing more goes out.
        for notification in Notification.objects.all():
            send_notification.apply_async(args=(notification.pk,))
        queued = redis_client.Redis.from_url(redis)
        wait_for(
            lambda: queued.llen(queue) == 0,
            timeout=WORKER_TIMEOUT,
            message="the worker did not take the repeated tasks",
            process=worker,
        )
        queued.close()
        time.sleep(1)  # the last repeated task, taken from the queue, is skipped meanwhile
        assert worker.poll() is None

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "confirmed")
    rows = {row.pk: row for row in Notification.objects.all()}
    assert sorted((row.kind, row.recipient) for row in rows.values()) == [
        ("registration.cancelled", "person1@example.org"),
        ("registration.confirmed", "person1@example.org"),
        ("registration.promoted", "person2@example.org"),
        ("registration.waiting", "person2@example.org"),
    ]
    assert {(row.status, row.attempts) for row in rows.values()} == {("sent", 1)}
    delivered = smtp.notification_ids()
    assert sorted(delivered) == sorted(rows), "each notification is delivered exactly once"
    with_a_seat = {"registration.confirmed", "registration.promoted"}
    for message in smtp.messages:
        row = rows[int(message[NOTIFICATION_HEADER])]
        assert message["To"] == row.recipient
        # A seat, given at once or freed, comes with its date as a calendar file; the rest not.
        assert _has_calendar(message) == (row.kind in with_a_seat)
