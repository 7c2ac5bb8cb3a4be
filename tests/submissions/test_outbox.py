"""The outbox: each notification sent once, failures recorded and retried, lost ones swept up."""

import datetime
import time

import pytest
from django.utils import timezone

from tests import factories
from tests.outbox_services import (
    NOTIFICATION_HEADER,
    celery_worker,
    smtp_server,
    smtp_settings,
    wait_for,
)
from tests.services import private_redis
from wagtail_integration.submissions.models import Notification
from wagtail_integration.submissions.outbox import (
    notification_for,
    retry_delay,
    send_notification,
    sweep_outbox,
)
from wagtail_integration.volunteering.mail import Kind
from wagtail_integration.volunteering.models import VolunteerInterest


def offer(page=None, email="erika@example.org"):
    """A stored offer of help, without notifications of its own."""
    return VolunteerInterest.objects.create(
        name="Erika Beispiel", email=email, language="de", page=page
    )


def waiting(interest, **fields):
    """A saved confirmation to ``interest``'s sender, waiting in the outbox."""
    row = notification_for(interest, Kind.CONFIRMATION, interest.email, "de")
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def send(pk):
    """Run the task as the site does without a broker (eager), and return its result."""
    return send_notification.apply(args=(pk,)).get()


@pytest.fixture
def refusing_smtp(settings):
    """Mail goes to a local SMTP server that refuses every message with 451."""
    with smtp_server(refuse=1000) as (port, handler):
        for name, value in smtp_settings(port).items():
            setattr(settings, name, value)
        yield handler


pytestmark = pytest.mark.django_db


def test_a_notification_is_sent_once_and_recorded_as_sent(mailoutbox):
    row = waiting(offer())
    assert send(row.pk) == "sent"
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert row.sent_at is not None
    assert row.attempts == 1
    assert [m.to for m in mailoutbox] == [["erika@example.org"]]
    assert mailoutbox[0].extra_headers[NOTIFICATION_HEADER] == str(row.pk)


def test_sending_a_sent_notification_again_is_skipped(mailoutbox):
    row = waiting(offer())
    send(row.pk)
    assert send(row.pk) == "skipped"
    assert len(mailoutbox) == 1


def test_a_notification_being_sent_by_another_worker_is_skipped(mailoutbox):
    claim = timezone.now() + datetime.timedelta(minutes=5)
    row = waiting(offer(), status=Notification.Status.SENDING, claimed_until=claim)
    assert send(row.pk) == "skipped"
    assert mailoutbox == []


def test_a_notification_about_an_erased_submission_is_dropped(mailoutbox):
    interest = offer()
    row = waiting(interest)
    # A queryset delete, as a bulk erasure would: the outbox row stays behind.
    VolunteerInterest.objects.filter(pk=interest.pk).delete()
    assert send(row.pk) == "dropped"
    assert not Notification.objects.filter(pk=row.pk).exists()
    assert mailoutbox == []


def test_a_failure_is_recorded_as_pending_with_the_attempt_and_an_error_without_the_address(
    refusing_smtp,
):
    row = waiting(offer())
    assert send(row.pk) == "pending"
    row.refresh_from_db()
    assert row.status == Notification.Status.PENDING
    assert row.attempts == 1
    assert row.last_error == "SMTPDataError 451"
    assert "erika@example.org" not in row.last_error
    # The sweep leaves it alone until its retry is due.
    assert row.claimed_until > timezone.now() + datetime.timedelta(seconds=50)
    assert refusing_smtp.refused == 1


def test_after_notification_max_attempts_a_notification_has_failed(refusing_smtp, settings):
    settings.WAGTAIL_INTEGRATION = {"NOTIFICATION_MAX_ATTEMPTS": 2}
    row = waiting(offer())
    assert send(row.pk) == "pending"
    assert send(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert row.attempts == 2
    assert row.claimed_until is None
    assert send(row.pk) == "skipped"
    assert refusing_smtp.refused == 2


def test_each_retry_waits_twice_as_long_as_the_one_before_up_to_an_hour():
    delays = [retry_delay(send_notification, attempts) for attempts in (1, 2, 3, 7, 20)]
    assert delays == [60, 120, 240, 3600, 3600]


def test_the_sweep_sends_only_rows_left_waiting_past_the_grace_and_expired_claims(
    settings, mailoutbox
):
    settings.WAGTAIL_INTEGRATION = {"OUTBOX_SWEEP_GRACE_SECONDS": 60}
    now = timezone.now()
    ago = now - datetime.timedelta(minutes=5)
    later = now + datetime.timedelta(minutes=5)
    interest = offer()
    rows = {
        "lost": waiting(interest, created_at=ago),
        "fresh": waiting(interest, created_at=now),
        "retry due later": waiting(interest, created_at=ago, claimed_until=later, attempts=1),
        "retry due": waiting(interest, created_at=ago, claimed_until=ago, attempts=1),
        "worker died": waiting(
            interest, created_at=ago, status=Notification.Status.SENDING, claimed_until=ago
        ),
        "being sent": waiting(
            interest, created_at=ago, status=Notification.Status.SENDING, claimed_until=later
        ),
        "sent": waiting(interest, created_at=ago, status=Notification.Status.SENT),
        "failed": waiting(interest, created_at=ago, status=Notification.Status.FAILED),
    }
    assert sweep_outbox.apply().get() == 3
    sent = {name for name, row in rows.items() if row.pk in sent_ids(mailoutbox)}
    assert sent == {"lost", "retry due", "worker died"}
    assert sweep_outbox.apply().get() == 0


def sent_ids(messages):
    return {int(message.extra_headers[NOTIFICATION_HEADER]) for message in messages}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_a_refused_message_and_delivers_it_exactly_once(
    celery_broker, tmp_path
):
    factories.ensure_default_site()
    row = waiting(offer())
    with (
        private_redis() as redis,
        smtp_server(refuse=2) as (port, smtp),
        celery_worker(
            redis.url,
            tmp_path,
            **smtp_settings(port),
            # Seconds, not minutes, between the tries: 0.5 s, then 1 s.
            CELERY_TASK_ANNOTATIONS={
                "wagtail_integration.submissions.send_notification": {"default_retry_delay": 0.5}
            },
        ) as worker,
    ):
        celery_broker(redis.url)
        send_notification.apply_async(args=(row.pk,))
        wait_for(
            lambda: Notification.objects.get(pk=row.pk).status == Notification.Status.SENT,
            timeout=90,
            message="the worker did not deliver the message within 90 s",
            process=worker,
        )
        # The same message enqueued again, as a sweep racing the retry would: nothing more goes.
        send_notification.apply_async(args=(row.pk,))
        time.sleep(2)
        assert worker.poll() is None
    row.refresh_from_db()
    assert smtp.refused == 2
    assert smtp.notification_ids() == [row.pk]
    assert row.attempts == 3
    assert row.last_error == ""
