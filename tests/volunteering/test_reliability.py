"""Nothing lost (DESIGN §3, issue 5 item 8): a burst of offers of help while Redis is down.

A live server takes 200 offers of help through the HTML form, many at a time, while the Redis it
is configured with (the test's own redis-server) is stopped: every one is stored, with its
notifications waiting in the outbox. Then Redis comes back on the same port, a real Celery worker
starts on it, and the outbox sweep (run twice, so that every notification is enqueued twice)
has each notification delivered exactly once to an SMTP server of the test's own.

On SQLite the live server's connections take the write lock when a transaction begins, as the
example site's settings ask (``tune_sqlite()``): without it, offers of help sent at the same
moment would be refused with "database is locked".
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis as redis_client
import requests

from tests import factories
from tests.outbox_services import (
    celery_worker,
    redis_server,
    smtp_server,
    smtp_settings,
    wait_for,
)
from tests.services import port_open, private_redis
from wagtail_integration.submissions.models import Notification
from wagtail_integration.submissions.outbox import sweep_outbox
from wagtail_integration.volunteering.models import VolunteerInterest

SUBMISSIONS = 200
#: Offers of help sent at the same time. The live server opens a database connection per
#: request: on PostgreSQL this stays well within the shared server's connection limit.
CONCURRENCY = 40

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def send_offer(url, page, number):
    """One visitor: open the form (for its CSRF token), fill it in, send it.

    Returns the status of the answer and where it redirects to.
    """
    with requests.Session() as session:
        form = session.get(url, timeout=60)
        form.raise_for_status()
        data = factories.volunteer_post_data(
            page,
            name=f"Person {number}",
            email=f"person{number}@example.org",
            # A token handed out a minute ago: a person took the time to fill the form in.
            form_token=factories.form_token(page),
            csrfmiddlewaretoken=_CSRF.search(form.text).group(1),
        )
        answer = session.post(url, data=data, allow_redirects=False, timeout=120)
        return answer.status_code, answer.headers.get("Location", "")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_offers_sent_while_redis_is_down_are_all_stored_and_each_mail_goes_once_it_is_back(
    live_server, celery_broker, settings, tmp_path
):
    factories.ensure_default_site()
    page = factories.volunteer_form_page(coordinator_emails="koordination@example.org")
    url = live_server.url + page.url
    # Many offers come from one address here; the rate limit has its own tests.
    # The cache stays in local memory: this test is about the broker and the outbox.
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "", "OUTBOX_SWEEP_GRACE_SECONDS": 0}

    with private_redis() as redis:
        # The live server runs in this process: it enqueues to the broker configured here.
        celery_broker(redis.url, socket_connect_timeout=2)
        redis.stop()
        assert not port_open("127.0.0.1", redis.port)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            answers = list(pool.map(lambda n: send_offer(url, page, n), range(SUBMISSIONS)))
        print(f"{SUBMISSIONS} offers, {CONCURRENCY} at a time: {time.monotonic() - started:.1f} s")

        assert [status for status, _ in answers] == [302] * SUBMISSIONS
        assert all(location.endswith("/thanks/") for _, location in answers)
        assert VolunteerInterest.objects.count() == SUBMISSIONS
        assert VolunteerInterest.objects.values("email").distinct().count() == SUBMISSIONS
        waiting = Notification.objects.values_list("status", "attempts").distinct()
        assert list(waiting) == [("pending", 0)]
        expected = set(Notification.objects.values_list("pk", flat=True))
        assert len(expected) == 2 * SUBMISSIONS  # the coordinator and the person, each

        with (
            redis_server(redis.port),
            smtp_server() as (smtp_port, smtp),
            # One process, solo pool: Celery 5.5.0's thread pool (our floor) takes tasks from
            # Redis a few at a time every few seconds, too slow for 400 mails in the timeout.
            celery_worker(redis.url, tmp_path, **smtp_settings(smtp_port)) as worker,
        ):
            # Twice, as when a sweep runs while the last one's tasks are still queued: the
            # claim on each row lets only one of the two tasks send.
            assert sweep_outbox() == 2 * SUBMISSIONS
            sweep_outbox()
            wait_for(
                lambda: not Notification.objects.exclude(status="sent").exists(),
                timeout=300,
                message="the worker did not send every notification within 300 s",
                process=worker,
                interval=0.5,
            )
            queue = redis_client.Redis.from_url(redis.url)
            wait_for(
                lambda: queue.llen("celery") == 0,
                timeout=60,
                message="the duplicate tasks were not consumed within 60 s",
                process=worker,
            )
            time.sleep(1)  # the last duplicates taken from the queue are skipped meanwhile
            queue.close()

    delivered = smtp.notification_ids()
    assert len(delivered) == len(expected)
    assert set(delivered) == expected
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
