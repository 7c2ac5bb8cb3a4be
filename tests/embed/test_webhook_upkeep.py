"""The webhook endpoints' upkeep: only https:// receivers (but on this machine), and a delivery
log that forgets what is done after WEBHOOK_LOG_DAYS (wagtail_integration/embed/webhooks/)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail_integration.celery import beat_schedule
from wagtail_integration.embed.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from wagtail_integration.embed.tasks import purge_webhook_log
from wagtail_integration.embed.webhooks import purge_log

pytestmark = pytest.mark.django_db

ENDPOINTS_URL = "/admin/snippets/integration_embed/webhookendpoint/"
GUIDE = "integration_topics.topicguidepage"
NOW = dt.datetime(2027, 2, 15, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return client


def add(admin_client, url):
    data = {"name": "Stadtportal", "url": url, "is_active": "on", "content_types": [GUIDE]}
    return admin_client.post(ENDPOINTS_URL + "add/", data)


def test_an_endpoint_over_plain_http_is_refused_with_a_reason_in_the_admins_language(
    admin_client, settings
):
    settings.DEBUG = False
    response = add(admin_client, "http://portal.example.org/hooks/")  # the German admin
    assert response.status_code == 200
    errors = response.context["form"].errors["url"]
    assert errors == [
        "Verwenden Sie eine Adresse, die mit https:// beginnt: Benachrichtigungen über einfaches "
        "http könnten unterwegs gelesen und verändert werden."
    ]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url",
    ["https://portal.example.org/hooks/", "http://127.0.0.1:8001/hooks/", "http://localhost/"],
)
def test_an_endpoint_over_https_or_on_this_machine_is_accepted(admin_client, settings, url):
    settings.DEBUG = False
    response = add(admin_client, url)
    assert response.status_code == 302, response.context["form"].errors
    assert WebhookEndpoint.objects.get().url == url


def delivery(endpoint, status, days_ago):
    row = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="publish",
        content_type=GUIDE,
        object_id="1",
        body="{}",
        status=status,
        created_at=NOW - dt.timedelta(days=days_ago),
    )
    WebhookAttempt.objects.create(delivery=row, started_at=row.created_at, status_code=500)
    return row


def test_the_log_forgets_done_deliveries_after_the_set_days_but_never_waiting_ones(
    monkeypatch, settings
):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    endpoint = WebhookEndpoint.objects.create(name="Portal", url="https://p.example.org/")
    status = WebhookDelivery.Status
    old_delivered = delivery(endpoint, status.DELIVERED, 31)
    old_failed = delivery(endpoint, status.FAILED, 40)
    old_waiting = delivery(endpoint, status.PENDING, 60)
    recent = delivery(endpoint, status.DELIVERED, 29)
    assert purge_webhook_log.apply().get() == 2
    kept = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert kept == {old_waiting.pk, recent.pk}
    assert not WebhookAttempt.objects.filter(delivery_id__in=[old_delivered.pk, old_failed.pk])
    assert WebhookAttempt.objects.count() == 2
    settings.WAGTAIL_INTEGRATION = {"WEBHOOK_LOG_DAYS": 0}
    delivery(endpoint, status.DELIVERED, 400)
    assert purge_log() == 0 and WebhookDelivery.objects.count() == 3


def test_the_purge_runs_daily_on_the_beat():
    entries = {entry["task"]: entry for entry in beat_schedule().values()}
    schedule = entries["wagtail_integration.embed.purge_webhook_log"]["schedule"]
    # Once a day, at night (a crontab of one hour and one minute).
    assert (schedule.hour, schedule.minute) == ({3}, {40})
