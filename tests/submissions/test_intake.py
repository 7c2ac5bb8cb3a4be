"""Taking a submission in: the per-address rate limit, and storing it with its outbox."""

import logging

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from tests import factories
from tests.services import free_port
from wagtail_integration.submissions.intake import accept, rate_limited
from wagtail_integration.submissions.models import Notification, Source
from wagtail_integration.volunteering.models import VolunteerInterest


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def post_from(address):
    return RequestFactory().post("/mitmachen/", REMOTE_ADDR=address)


def test_the_rate_limit_counts_the_submissions_of_each_address(settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "2/h"}
    sent = [rate_limited(post_from("198.51.100.7")) for _ in range(3)]
    assert sent == [False, False, True]
    assert not rate_limited(post_from("198.51.100.8"))


def test_an_empty_rate_limit_limits_nothing(settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": ""}
    assert not any(rate_limited(post_from("198.51.100.7")) for _ in range(20))


def test_an_unreachable_cache_lets_the_submission_through_and_logs_a_warning(settings, caplog):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    with caplog.at_level(logging.WARNING, logger="wagtail_integration.submissions.intake"):
        assert not rate_limited(post_from("198.51.100.7"))
        assert not rate_limited(post_from("198.51.100.7"))
    warnings = [r for r in caplog.records if r.name == "wagtail_integration.submissions.intake"]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    assert "cache cannot be reached" in warnings[0].getMessage()


def valid_form(page, **fields):
    form = page.get_form(factories.volunteer_post_data(page, **fields))
    assert form.is_valid(), form.errors
    return form


@pytest.mark.django_db
def test_accept_stores_the_submission_with_its_notifications_and_sends_them_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    page = factories.volunteer_form_page()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        interest = accept(valid_form(page), page=page, source=Source.API, language="de")
        # Nothing is sent before the transaction commits: a worker could not see the rows.
        assert Notification.objects.for_object(interest).count() == 2
        assert mailoutbox == []
    for callback in callbacks:
        callback()
    interest.refresh_from_db()
    assert interest.source == Source.API
    assert interest.page_id == page.pk
    statuses = Notification.objects.for_object(interest).values_list("status", flat=True)
    assert list(statuses) == ["sent", "sent"]
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_a_broker_that_is_down_leaves_the_submission_stored_and_its_notifications_waiting(
    celery_broker, django_capture_on_commit_callbacks, caplog
):
    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    page = factories.volunteer_form_page()
    with caplog.at_level(logging.DEBUG, logger="wagtail_integration.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            interest = accept(valid_form(page), page=page, source=Source.PAGE, language="de")
    assert VolunteerInterest.objects.filter(pk=interest.pk).exists()
    notifications = Notification.objects.for_object(interest)
    assert sorted(notifications.values_list("status", "attempts")) == [
        ("pending", 0),
        ("pending", 0),
    ]
    # The first e-mail finds the broker down; the second is not even tried (the broker pause).
    messages = [record.getMessage() for record in caplog.records]
    assert len([m for m in messages if "sweep will pick" in m]) == 1
    assert len([m for m in messages if m.startswith("Not enqueueing")]) == 1
