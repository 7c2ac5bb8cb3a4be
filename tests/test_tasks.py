"""wagtail_integration/tasks.py: enqueueing on commit and the heartbeat job (eager mode)."""

import logging

import pytest

from tests.services import free_port
from wagtail_integration.models import WorkerHeartbeat
from wagtail_integration.tasks import enqueue_on_commit, record_heartbeat

pytestmark = pytest.mark.django_db


def test_a_job_enqueued_in_a_transaction_runs_only_when_it_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_on_commit(record_heartbeat)
        assert not WorkerHeartbeat.objects.exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert WorkerHeartbeat.objects.get().hostname  # the host the job ran on


def test_the_heartbeat_updates_one_row_per_worker_host():
    record_heartbeat.apply()
    first = WorkerHeartbeat.objects.get().last_seen
    record_heartbeat.apply()
    assert WorkerHeartbeat.objects.count() == 1
    assert WorkerHeartbeat.objects.get().last_seen > first


def test_a_broker_that_is_down_is_logged_and_does_not_undo_the_request(
    django_capture_on_commit_callbacks, caplog, celery_broker
):
    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    with caplog.at_level(logging.ERROR, logger="wagtail_integration.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            WorkerHeartbeat.objects.create(hostname="stored", last_seen="2026-01-01T00:00Z")
            enqueue_on_commit(record_heartbeat)
    assert WorkerHeartbeat.objects.filter(hostname="stored").exists()
    assert "Could not enqueue wagtail_integration.record_heartbeat" in caplog.text


def test_after_a_broker_failure_the_process_leaves_the_broker_alone_for_a_while(
    django_capture_on_commit_callbacks, caplog, celery_broker, monkeypatch
):
    from wagtail_integration import tasks

    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    calls = []
    real = record_heartbeat.apply_async
    monkeypatch.setattr(
        record_heartbeat, "apply_async", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    with caplog.at_level(logging.DEBUG, logger="wagtail_integration.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(record_heartbeat)
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(record_heartbeat)
    assert len(calls) == 1
    assert "Not enqueueing wagtail_integration.record_heartbeat" in caplog.text
    assert "Traceback" not in caplog.text
    monkeypatch.setattr(tasks, "_broker_paused_until", 0.0)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(record_heartbeat)
    assert len(calls) == 2  # the pause is over: the broker is tried again


def test_no_task_retries_a_programming_error():
    from celery import current_app
    from django.db import IntegrityError, ProgrammingError
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")  # as the worker's autodiscovery does
    ours = [task for name, task in current_app.tasks.items() if name.startswith("wagtail_integ")]
    assert "wagtail_integration.topics.check_links" in {task.name for task in ours}
    for task in ours:
        for error in (ProgrammingError, IntegrityError, TypeError, AttributeError):
            assert not issubclass(error, tuple(getattr(task, "autoretry_for", ()))), task.name


def test_a_job_that_fails_in_eager_mode_is_not_taken_for_a_broker_that_is_down(
    django_capture_on_commit_callbacks, caplog, monkeypatch
):
    from wagtail_integration import tasks

    monkeypatch.setattr(tasks, "_broker_paused_until", 0.0)

    def broken():
        raise ValueError("a bug in the job")

    monkeypatch.setattr(record_heartbeat, "run", broken)
    with caplog.at_level(logging.DEBUG, logger="wagtail_integration.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue_on_commit(record_heartbeat)
    assert "The job wagtail_integration.record_heartbeat failed" in caplog.text
    assert "Could not enqueue" not in caplog.text
    assert tasks._broker_paused_until == 0.0  # the next job is sent
