"""Taking a submission in: the rate limits per address and form, and storing it with its outbox,
once."""

import datetime as dt
import json
import logging
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import requests
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.utils import translation

from tests import factories
from tests.services import free_port
from wagtail_integration.honours.forms import NominationForm
from wagtail_integration.honours.models import Nomination
from wagtail_integration.submissions.intake import (
    accept,
    accepted_rate_limited,
    rate_limit_message,
    rate_limited,
)
from wagtail_integration.submissions.models import Notification, Source
from wagtail_integration.volunteering.forms import VolunteerForm
from wagtail_integration.volunteering.models import VolunteerInterest


@pytest.fixture(autouse=True)
def empty_cache():
    """The rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def post_from(address):
    return RequestFactory().post("/mitmachen/", REMOTE_ADDR=address)


def a_form(translation_key=None, pk=1):
    """What the rate limits know of a form page: every language version shares its key."""
    return SimpleNamespace(translation_key=translation_key or uuid.uuid4(), pk=pk)


def attempts(request, page, times):
    """Whether each of ``times`` attempts of ``page``'s form from ``request`` was refused."""
    return [bool(rate_limited(request, page)) for _ in range(times)]


def test_only_accepted_submissions_count_against_the_submission_rate_limit(settings):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "2/h"}
    form, request = a_form(), post_from("198.51.100.7")
    assert attempts(request, form, 5) == [False] * 5  # invalid ones, corrected each time
    assert [bool(accepted_rate_limited(request, form)) for _ in range(3)] == [False, False, True]
    # The limit reached, the next attempt is refused before its form is even checked.
    assert rate_limited(request, form)
    assert not rate_limited(post_from("198.51.100.8"), form)


def test_every_attempt_counts_against_the_attempt_rate_limit(settings):
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "10/h",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "3/h",
    }
    form = a_form()
    assert attempts(post_from("198.51.100.7"), form, 4) == [False, False, False, True]
    assert not rate_limited(post_from("198.51.100.8"), form)


def test_ten_mistakes_and_then_a_valid_submission_pass_under_the_default_limits(settings):
    settings.WAGTAIL_INTEGRATION = {}
    form, request = a_form(), post_from("198.51.100.7")
    assert attempts(request, form, 10) == [False] * 10
    assert not rate_limited(request, form)
    assert not accepted_rate_limited(request, form)


def test_the_limits_count_per_form_and_its_language_versions_share_one_count(settings):
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "1/h",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "2/h",
    }
    request = post_from("198.51.100.7")
    form_a, form_b = a_form(pk=1), a_form(pk=2)
    german_a, arabic_a = form_a, a_form(form_a.translation_key, pk=3)
    assert not accepted_rate_limited(request, german_a)
    assert accepted_rate_limited(request, arabic_a)
    assert rate_limited(request, form_a)
    assert attempts(request, form_b, 3) == [False, False, True]  # B counts attempts of its own
    assert not accepted_rate_limited(request, form_b)


def test_attempts_and_accepted_submissions_are_counted_apart_even_at_the_same_rate(settings):
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "2/h",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "2/h",
    }
    request = post_from("198.51.100.7")
    assert attempts(request, None, 2) == [False, False]  # no form: counted per address only
    assert [bool(accepted_rate_limited(request)) for _ in range(3)] == [False, False, True]


class Clock:
    """``time.time()`` as django-ratelimit reads it, moved by the test."""

    def __init__(self, now):
        self.now = now

    def time(self):
        return self.now


def test_a_refused_address_is_told_the_seconds_until_its_window_ends(settings, monkeypatch):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}
    clock = Clock(1_800_000_000.0)
    monkeypatch.setattr("django_ratelimit.core.time", clock)
    form = a_form()
    assert not rate_limited(post_from("198.51.100.7"), form)
    assert not accepted_rate_limited(post_from("198.51.100.7"), form)
    clock.now += 5
    wait = rate_limited(post_from("198.51.100.7"), form)
    assert 0 < wait <= 3600
    # Still refused a second before the wait is over, let through once it is.
    clock.now += wait - 1
    assert rate_limited(post_from("198.51.100.7"), form)
    clock.now += 1
    assert not rate_limited(post_from("198.51.100.7"), form)
    assert not accepted_rate_limited(post_from("198.51.100.7"), form)


SUMMER = dt.datetime(2026, 7, 1, 12, 34, 20, tzinfo=dt.UTC)  # 14:34:20 in Berlin
WINTER = dt.datetime(2026, 12, 7, 12, 34, tzinfo=dt.UTC)  # 13:34 in Berlin


@pytest.mark.parametrize(
    "now, seconds, language, until",
    [
        (SUMMER, 60, "de", "bis heute 14:36 Uhr"),  # 14:35:20, rounded up
        (SUMMER, 60, "en", "until 2:36 p.m. today"),
        (WINTER, 60, "de", "bis heute 13:35 Uhr"),  # on the minute: not rounded
        (WINTER, 11 * 3600, "de", "bis 8. Dezember 2026, 00:34 Uhr"),  # not today: with its date
        (WINTER, 11 * 3600, "en", "until 12:34 a.m. on Dec. 8, 2026"),
    ],
)
def test_the_rate_limit_message_names_the_local_time_the_block_ends(
    settings, now, seconds, language, until
):
    settings.TIME_ZONE = "Europe/Berlin"
    with translation.override(language):
        message = rate_limit_message(seconds, now=now)
    assert until in message


@pytest.mark.parametrize(
    "language, temporary, not_a_mistake",
    [
        ("en", "temporarily blocked", "This is not because of your entries."),
        ("de", "vorübergehend gesperrt", "Das liegt nicht an Ihren Angaben."),
    ],
)
def test_the_rate_limit_message_says_the_block_is_temporary_and_no_mistake_of_the_person(
    language, temporary, not_a_mistake
):
    with translation.override(language):
        message = rate_limit_message(600)
    assert temporary in message
    assert not_a_mistake in message


def test_an_empty_rate_limit_limits_nothing(settings):
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "",
    }
    request, form = post_from("198.51.100.7"), a_form()
    assert not any(rate_limited(request, form) for _ in range(100))
    assert not any(accepted_rate_limited(request, form) for _ in range(100))


def test_a_site_that_switched_the_limit_off_counts_no_attempts_either(settings):
    # SUBMISSION_RATE_LIMIT = "" switched every limit off before there were two of them.
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": ""}
    request, form = post_from("198.51.100.7"), a_form()
    assert not any(rate_limited(request, form) for _ in range(100))


def test_each_limit_can_be_switched_off_alone(settings):
    request = post_from("198.51.100.7")
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "2/h",
    }
    assert attempts(request, a_form(), 3) == [False, False, True]
    settings.WAGTAIL_INTEGRATION = {
        "SUBMISSION_RATE_LIMIT": "1/h",
        "SUBMISSION_ATTEMPT_RATE_LIMIT": "",
    }
    form = a_form()
    assert attempts(request, form, 100) == [False] * 100
    assert [bool(accepted_rate_limited(request, form)) for _ in range(2)] == [False, True]


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
        assert not rate_limited(post_from("198.51.100.7"), a_form())
        assert not accepted_rate_limited(post_from("198.51.100.7"), a_form())
    warnings = [r for r in caplog.records if r.name == "wagtail_integration.submissions.intake"]
    assert [r.levelno for r in warnings] == [logging.WARNING] * 3
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


def nomination_form(page):
    form = page.get_form(factories.nomination_post_data(page))
    assert form.is_valid(), form.errors
    return form


FORMS = {
    "volunteer": (factories.volunteer_form_page, valid_form, VolunteerInterest),
    "nomination": (factories.nomination_form_page, nomination_form, Nomination),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FORMS)
def test_a_token_sent_again_stores_nothing_and_returns_the_first_submission(kind):
    make_page, make_form, model = FORMS[kind]
    page = make_page()
    first_form = make_form(page)
    first = accept(first_form, page=page, source=Source.PAGE, language="de")
    # The same form, token and all, sent a second time: a double click.
    again = page.get_form(first_form.data)
    assert again.is_valid(), again.errors
    second = accept(again, page=page, source=Source.PAGE, language="de")
    assert second.pk == first.pk
    assert second.reference == first.reference
    assert model.objects.count() == 1
    assert Notification.objects.count() == len(Notification.objects.for_object(first))


@pytest.mark.django_db
def test_two_forms_with_their_own_tokens_are_both_stored():
    page = factories.volunteer_form_page()
    first = accept(valid_form(page), page=page, source=Source.PAGE, language="de")
    second = accept(valid_form(page), page=page, source=Source.PAGE, language="de")
    assert first.pk != second.pk
    assert VolunteerInterest.objects.count() == 2


@pytest.mark.django_db
def test_the_api_answers_a_token_sent_again_as_it_answered_the_first_time(client):
    page = factories.volunteer_form_page()
    data = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "contact_channel": "email",
        "consent": True,
        "form_token": factories.form_token(page),
    }
    url = f"/api/integration/v1/forms/{page.pk}/submissions"
    answers = [client.post(url, data, content_type="application/json") for _ in range(2)]
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["reference"] == str(VolunteerInterest.objects.get().reference)


def hold_inside_the_transaction(monkeypatch, form_class, parties=2):
    """Make every submission of ``form_class`` wait after its insert until ``parties`` have one.

    So two requests of one token overlap in the database for certain: both inserted, neither
    committed, when they record the token.
    """
    barrier = threading.Barrier(parties, timeout=20)
    save = form_class.save_submission

    def save_and_wait(self, **meta):
        submission = save(self, **meta)
        barrier.wait()
        return submission

    monkeypatch.setattr(form_class, "save_submission", save_and_wait)


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def send_json(url, data):
    answer = requests.post(
        url, data=json.dumps(data), timeout=60, headers={"Content-Type": "application/json"}
    )
    return answer.status_code, answer.json()


@pytest.mark.django_db(transaction=True)
def test_two_api_posts_of_one_token_at_the_same_moment_store_one_submission(
    live_server, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: SQLite's IMMEDIATE transactions let one writer in at a time, so "
            "the two requests cannot overlap there (the sequential replay test covers SQLite)."
        )
    factories.ensure_default_site()
    page = factories.volunteer_form_page()
    url = f"{live_server.url}/api/integration/v1/forms/{page.pk}/submissions"
    data = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "contact_channel": "email",
        "consent": True,
        "form_token": factories.form_token(page),
    }
    # As when the client fetched the form first: the privacy notice's version is recorded then.
    # (Recorded by the two requests at once, the second would wait for the first's commit before
    # it inserts, and the two would not overlap as this test needs.)
    page.get_privacy_notice_version()
    hold_inside_the_transaction(monkeypatch, VolunteerForm)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: send_json(url, data), range(2)))
    assert [status for status, _ in answers] == [201, 201]
    interest = VolunteerInterest.objects.get()
    assert {body["reference"] for _, body in answers} == {str(interest.reference)}
    assert Notification.objects.count() == 2  # the coordinator's and the confirmation, once


@pytest.mark.django_db(transaction=True)
def test_two_html_posts_of_one_nomination_at_the_same_moment_store_one(live_server, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: SQLite's IMMEDIATE transactions let one writer in at a time, so "
            "the two requests cannot overlap there (the sequential replay test covers SQLite)."
        )
    factories.ensure_default_site()
    page = factories.nomination_form_page()
    data = factories.nomination_post_data(page)
    hold_inside_the_transaction(monkeypatch, NominationForm)

    def send(_):
        # As a browser sends it: with the CSRF cookie and field of the page it opened.
        with requests.Session() as session:
            form = session.get(live_server.url + page.url, timeout=60)
            form.raise_for_status()
            csrf = _CSRF.search(form.text).group(1)
            answer = session.post(
                live_server.url + page.url,
                data={**data, "csrfmiddlewaretoken": csrf},
                allow_redirects=False,
                timeout=60,
            )
            return answer.status_code, answer.headers.get("Location", "")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(send, range(2)))
    assert time.monotonic() - started < 30
    assert [status for status, _ in answers] == [302, 302]
    assert all(location.endswith("/thanks/") for _, location in answers)
    assert Nomination.objects.count() == 1
