"""Change notifications (webhooks): what is sent, signed how, to whom, delivered exactly once.

The receiver is the test's own: an HTTP server on 127.0.0.1 (a free port) in a thread of the test
process, answering the status codes the test lists, then 200.
"""

import datetime
import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from tests import factories
from tests.outbox_services import celery_worker, wait_for
from tests.services import private_redis
from wagtail_integration.celery import beat_schedule
from wagtail_integration.embed.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from wagtail_integration.embed.tasks import deliver_webhook, sweep_webhooks

GUIDE = "integration_topics.topicguidepage"
ORGANISATION = "integration_directory.organisation"


class Receiver:
    """What the test's receiver got: ``(headers, body)`` of every request, and what it answered."""

    def __init__(self, answers=(), delay=0.0):
        self.answers = list(answers)
        self.delay = delay
        self.requests = []
        self.accepted = []
        self._lock = threading.Lock()

    def answer(self, headers, body):
        time.sleep(self.delay)
        with self._lock:
            self.requests.append((headers, body))
            status = self.answers.pop(0) if self.answers else 200
            if status == 200:
                self.accepted.append((headers, body))
            return status

    def bodies(self):
        """The JSON bodies the receiver accepted, in the order they came."""
        return [json.loads(body) for _headers, body in self.accepted]


@contextmanager
def receiver(answers=(), delay=0.0):
    """An HTTP receiver on a free port of 127.0.0.1; yields ``(url, Receiver)``."""
    state = Receiver(answers, delay)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = state.answer(dict(self.headers), body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hooks/", state
    finally:
        server.shutdown()
        server.server_close()


def verify(secret, headers, body, tolerance=300, now=None):
    """A receiver's check, as docs/webhooks.md shows it: signature, and a fresh timestamp."""
    timestamp = headers["X-Integration-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    fresh = abs((now or time.time()) - int(timestamp)) <= tolerance
    signature = headers["X-Integration-Signature"]
    return fresh and hmac.compare_digest("sha256=" + expected.hexdigest(), signature)


def endpoint(url, content_types=(GUIDE,), **fields):
    return WebhookEndpoint.objects.create(
        name="Stadtportal", url=url, content_types=list(content_types), **fields
    )


@pytest.fixture
def hook():
    """A receiver that accepts everything, and an endpoint for guides and organisations."""
    with receiver() as (url, state):
        yield endpoint(url, [GUIDE, ORGANISATION]), state


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is enqueued after commit (the task, eager) when the block ends."""

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


pytestmark = pytest.mark.django_db


# -- what is sent ------------------------------------------------------------------------------


def test_a_receiver_verifies_the_signature_over_timestamp_and_body(hook, committed):
    hook_endpoint, state = hook
    index = factories.topic_index()
    with committed():
        factories.guide(index, title="Sprachkurse")
    [(headers, body)] = state.accepted
    assert verify(hook_endpoint.secret, headers, body)
    assert not verify(hook_endpoint.secret, headers, body.replace(b"published", b"deleted"))
    assert not verify("another secret", headers, body)
    # Replayed an hour later, the same request is refused.
    assert not verify(hook_endpoint.secret, headers, body, now=time.time() + 3600)


def test_a_published_page_sends_event_type_id_locale_and_absolute_url(hook, committed):
    _hook_endpoint, state = hook
    index = factories.topic_index()
    with committed():
        guide = factories.guide(index, title="Sprachkurse")
    [body] = state.bodies()
    assert body == {
        "event": "published",
        "kind": "page",
        "content_type": GUIDE,
        "id": guide.pk,
        "locale": "de",
        "translation_key": str(guide.translation_key),
        "url": guide.get_full_url(),
        "occurred_at": body["occurred_at"],
    }
    assert body["url"].startswith("http://") and body["url"].endswith(f"/{guide.slug}/")
    [(headers, _body)] = state.accepted
    assert headers["X-Integration-Event"] == "published"
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Integration-Delivery"] == str(WebhookDelivery.objects.get().delivery_id)


def test_a_published_translation_names_its_own_locale_and_url(hook, committed):
    _hook_endpoint, state = hook
    guide = factories.guide(factories.topic_index(), title="Sprachkurse")
    with committed():
        english = factories.translate_page(guide, "en", title="Language courses")
    [body] = state.bodies()
    assert (body["id"], body["locale"], body["url"]) == (english.pk, "en", english.get_full_url())
    assert body["translation_key"] == str(guide.translation_key)


def test_an_unpublished_page_sends_unpublished(hook, committed):
    _hook_endpoint, state = hook
    guide = factories.guide(factories.topic_index())
    with committed():
        guide.unpublish()
    [body] = state.bodies()
    assert (body["event"], body["id"], body["url"]) == (
        "unpublished",
        guide.pk,
        guide.get_full_url(),
    )


def test_a_deleted_live_page_sends_unpublished_then_deleted(hook, committed):
    _hook_endpoint, state = hook
    guide = factories.guide(factories.topic_index())
    guide_id, url = guide.pk, guide.get_full_url()
    with committed():
        guide.delete()
    assert [(b["event"], b["id"], b["url"]) for b in state.bodies()] == [
        ("unpublished", guide_id, url),
        ("deleted", guide_id, url),
    ]


def test_a_deleted_index_sends_deleted_for_each_of_its_guides(hook, committed):
    _hook_endpoint, state = hook
    index = factories.topic_index()
    guides = [factories.guide(index), factories.guide(index)]
    with committed():
        index.delete()
    deleted = [b["id"] for b in state.bodies() if b["event"] == "deleted"]
    assert sorted(deleted) == sorted(guide.pk for guide in guides)


def test_a_deleted_page_that_was_never_published_sends_nothing(hook, committed):
    _hook_endpoint, state = hook
    draft = factories.guide(factories.topic_index(), live=False)
    with committed():
        draft.delete()
    assert state.requests == []


def test_a_changed_and_a_deleted_snippet_send_published_and_deleted(hook, committed):
    _hook_endpoint, state = hook
    with committed():
        organisation = factories.organisation(name="Migrationsberatung")
    organisation_id = organisation.pk
    with committed():
        organisation.name = "Migrationsberatung für Erwachsene"
        organisation.save()
    with committed():
        organisation.delete()
    bodies = state.bodies()
    assert [b["event"] for b in bodies] == ["published", "published", "deleted"]
    for body in bodies:
        assert body["kind"] == "snippet"
        assert body["content_type"] == ORGANISATION
        assert (body["id"], body["locale"], body["url"]) == (organisation_id, "de", None)


def test_a_change_rolled_back_leaves_nothing_in_the_outbox(hook):
    from django.db import transaction

    index = factories.topic_index()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.guide(index)
        assert WebhookDelivery.objects.count() == 1
        raise RuntimeError("the change fails")
    assert not WebhookDelivery.objects.exists()


# -- to whom -----------------------------------------------------------------------------------


def test_an_inactive_endpoint_gets_nothing(committed):
    with receiver() as (url, state):
        endpoint(url, is_active=False)
        with committed():
            factories.guide(factories.topic_index())
    assert state.requests == []
    assert not WebhookDelivery.objects.exists()


def test_an_endpoint_gets_nothing_of_a_content_type_it_did_not_choose(committed):
    with receiver() as (url, state):
        endpoint(url, content_types=[ORGANISATION])
        with committed():
            factories.guide(factories.topic_index())
            factories.topic()  # a snippet of another type
    assert state.requests == []


def test_each_endpoint_gets_its_own_signed_delivery(committed):
    with receiver() as (first_url, first), receiver() as (second_url, second):
        one, two = endpoint(first_url), endpoint(second_url)
        with committed():
            factories.guide(factories.topic_index())
    [(headers_one, body_one)] = first.accepted
    [(headers_two, body_two)] = second.accepted
    assert verify(one.secret, headers_one, body_one) and verify(two.secret, headers_two, body_two)
    assert headers_one["X-Integration-Delivery"] != headers_two["X-Integration-Delivery"]


# -- delivered once ----------------------------------------------------------------------------


def test_a_receiver_that_fails_twice_then_accepts_gets_it_once_after_three_logged_tries(
    committed,
):
    with receiver(answers=[500, 500]) as (url, state):
        endpoint(url)
        with committed():
            factories.guide(factories.topic_index())
        row = WebhookDelivery.objects.get()
        assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, 500)
        # The task's two retries (on a worker, Celery runs them after the back-off).
        assert deliver_webhook.apply(args=(row.pk,)).get() == "pending"
        assert deliver_webhook.apply(args=(row.pk,)).get() == "delivered"
        delivered_at = WebhookDelivery.objects.get(pk=row.pk).delivered_at
        # Enqueued once more, as a sweep racing the retry would: nothing goes out.
        assert deliver_webhook.apply(args=(row.pk,)).get() == "skipped"
        assert sweep_webhooks.apply().get() == 0
    row.refresh_from_db()
    assert row.delivered_at == delivered_at  # marked delivered once
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == (
        "delivered",
        3,
        200,
        "",
    )
    assert [a.status_code for a in row.attempt_log.all()] == [500, 500, 200]
    assert len(state.requests) == 3 and len(state.accepted) == 1
    # Every try carries the same delivery id, so a receiver can de-duplicate.
    assert {h["X-Integration-Delivery"] for h, _body in state.requests} == {str(row.delivery_id)}


def test_a_refusal_other_than_a_busy_receiver_fails_at_once_and_is_logged(committed):
    with receiver(answers=[410]) as (url, state):
        endpoint(url)
        with committed():
            factories.guide(factories.topic_index())
    row = WebhookDelivery.objects.get()
    assert (row.status, row.attempts, row.last_status_code) == ("failed", 1, 410)
    assert row.last_error.startswith("HTTP 410")
    assert deliver_webhook.apply(args=(row.pk,)).get() == "skipped"
    assert len(state.requests) == 1


def test_an_unreachable_receiver_is_logged_and_tried_again(committed):
    with receiver() as (url, _state):
        pass  # stopped: nothing listens there any more
    endpoint(url)
    with committed():
        factories.guide(factories.topic_index())
    row = WebhookDelivery.objects.get()
    assert (row.status, row.last_status_code, row.last_error) == (
        "pending",
        None,
        "ConnectionError",
    )
    assert row.claimed_until > timezone.now()  # the sweep leaves it to the task's retry


@override_settings(WAGTAIL_INTEGRATION={"WEBHOOK_MAX_ATTEMPTS": 2})
def test_after_webhook_max_attempts_a_delivery_has_failed(committed):
    with receiver(answers=[503, 503, 503]) as (url, state):
        endpoint(url)
        with committed():
            factories.guide(factories.topic_index())
        row = WebhookDelivery.objects.get()
        assert deliver_webhook.apply(args=(row.pk,)).get() == "failed"
        assert deliver_webhook.apply(args=(row.pk,)).get() == "skipped"
    row.refresh_from_db()
    assert (row.status, row.attempts, len(state.requests)) == ("failed", 2, 2)


@override_settings(WAGTAIL_INTEGRATION={"WEBHOOK_TIMEOUT": 0.2})
def test_a_receiver_slower_than_webhook_timeout_counts_as_a_failed_try(committed):
    with receiver(delay=1.0) as (url, _state):
        endpoint(url)
        with committed():
            factories.guide(factories.topic_index())
    row = WebhookDelivery.objects.get()
    assert (row.status, row.last_error) == ("pending", "ReadTimeout")


def test_a_deactivated_endpoint_gets_nothing_of_what_was_waiting():
    with receiver() as (url, state):
        hook_endpoint = endpoint(url)
        factories.guide(factories.topic_index())  # enqueued after a commit that never comes
        WebhookEndpoint.objects.filter(pk=hook_endpoint.pk).update(is_active=False)
        row = WebhookDelivery.objects.get()
        assert deliver_webhook.apply(args=(row.pk,)).get() == "failed"
    assert state.requests == []


def test_the_sweep_sends_what_the_broker_lost_and_leaves_retries_to_their_task():
    with receiver() as (url, state):
        endpoint(url)
        factories.guide(factories.topic_index())  # enqueued after a commit that never comes
        factories.guide(factories.topic_index())
        lost, retrying = WebhookDelivery.objects.order_by("pk")
        past = timezone.now() - datetime.timedelta(minutes=5)
        WebhookDelivery.objects.update(created_at=past)
        WebhookDelivery.objects.filter(pk=retrying.pk).update(
            claimed_until=timezone.now() + datetime.timedelta(minutes=1)
        )
        assert sweep_webhooks.apply().get() == 1
    assert [h["X-Integration-Delivery"] for h, _b in state.accepted] == [str(lost.delivery_id)]
    assert WebhookDelivery.objects.get(pk=retrying.pk).status == "pending"


def test_the_sweep_runs_every_outbox_sweep_interval_seconds(settings):
    settings.WAGTAIL_INTEGRATION = {"OUTBOX_SWEEP_INTERVAL": 30}
    entry = beat_schedule()["wagtail-integration-sweep-webhooks"]
    assert (entry["task"], entry["schedule"]) == ("wagtail_integration.embed.sweep_webhooks", 30.0)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_a_failing_receiver_and_delivers_exactly_once(
    celery_broker, tmp_path
):
    factories.ensure_default_site()
    index = factories.topic_index()
    with (
        private_redis() as redis,
        receiver(answers=[500, 500]) as (url, state),
        celery_worker(
            redis.url,
            tmp_path,
            # Seconds, not minutes, between the tries: 0.5 s, then 1 s.
            CELERY_TASK_ANNOTATIONS={
                "wagtail_integration.embed.deliver_webhook": {"default_retry_delay": 0.5}
            },
        ) as worker,
    ):
        celery_broker(redis.url)
        endpoint(url)
        guide = factories.guide(index)  # committed: the task goes to the worker
        row = WebhookDelivery.objects.get()
        wait_for(
            lambda: WebhookDelivery.objects.get(pk=row.pk).status == "delivered",
            timeout=90,
            message="the worker did not deliver the notification within 90 s",
            process=worker,
        )
        # The same delivery enqueued again, as a sweep racing the retry would: nothing more goes.
        deliver_webhook.apply_async(args=(row.pk,))
        time.sleep(2)
        assert worker.poll() is None
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("delivered", 3)
    assert WebhookAttempt.objects.filter(delivery=row).count() == 3
    assert len(state.requests) == 3
    [body] = state.bodies()
    assert (body["event"], body["id"]) == ("published", guide.pk)


# -- the admin ---------------------------------------------------------------------------------


ENDPOINTS_URL = "/admin/snippets/integration_embed/webhookendpoint/"


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return client


def test_an_admin_adds_an_endpoint_with_a_generated_secret_shown_on_its_page(admin_client):
    form = admin_client.get(ENDPOINTS_URL + "add/").content.decode()
    assert f'value="{GUIDE}"' in form and 'name="new_secret"' not in form
    response = admin_client.post(
        ENDPOINTS_URL + "add/",
        {
            "name": "Stadtportal",
            "url": "https://portal.example.org/hooks/",
            "is_active": "on",
            "content_types": [GUIDE, ORGANISATION],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    hook_endpoint = WebhookEndpoint.objects.get()
    assert hook_endpoint.content_types == [GUIDE, ORGANISATION]
    assert len(hook_endpoint.secret) >= 40
    page = admin_client.get(ENDPOINTS_URL + f"edit/{hook_endpoint.pk}/").content.decode()
    assert hook_endpoint.secret in page and 'name="new_secret"' in page


def test_an_admin_replaces_an_endpoint_s_secret_on_request(admin_client):
    hook_endpoint = endpoint("https://portal.example.org/hooks/")
    old = hook_endpoint.secret
    data = {"name": "Stadtportal", "url": hook_endpoint.url, "content_types": [GUIDE]}
    admin_client.post(ENDPOINTS_URL + f"edit/{hook_endpoint.pk}/", data)
    hook_endpoint.refresh_from_db()
    assert hook_endpoint.secret == old and not hook_endpoint.is_active
    admin_client.post(ENDPOINTS_URL + f"edit/{hook_endpoint.pk}/", {**data, "new_secret": "on"})
    hook_endpoint.refresh_from_db()
    assert hook_endpoint.secret != old


def test_an_editor_without_admin_rights_sees_neither_endpoints_nor_the_log(client):
    from django.contrib.auth.models import Group, Permission

    editor = get_user_model().objects.create_user("redaktion", "r@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    hook_endpoint = endpoint("https://portal.example.org/hooks/")
    for url in (
        ENDPOINTS_URL,
        ENDPOINTS_URL + f"edit/{hook_endpoint.pk}/",
        "/admin/integration_webhook_deliveries/",
    ):
        assert client.get(url).status_code in (302, 403), url


def test_the_delivery_log_lists_and_shows_each_try_but_cannot_be_edited(admin_client, committed):
    with receiver(answers=[500]) as (url, _state):
        endpoint(url)
        with committed():
            factories.guide(factories.topic_index())
        row = WebhookDelivery.objects.get()
        deliver_webhook.apply(args=(row.pk,))
    listing = admin_client.get("/admin/integration_webhook_deliveries/")
    assert listing.status_code == 200
    assert GUIDE in listing.content.decode()
    inspect = admin_client.get(f"/admin/integration_webhook_deliveries/inspect/{row.pk}/")
    assert inspect.status_code == 200
    assert "500" in inspect.content.decode() and "200" in inspect.content.decode()
    assert admin_client.get("/admin/integration_webhook_deliveries/new/").status_code in (302, 403)
