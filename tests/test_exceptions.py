"""wagtail_integration/exceptions.py: one root exception, and retries only on errors that pass."""

import pytest
from celery.exceptions import Retry
from django.db import OperationalError, ProgrammingError
from django.test import RequestFactory
from redis.exceptions import ConnectionError as RedisConnectionError

from wagtail_integration.events import occurrences
from wagtail_integration.events import tasks as event_tasks
from wagtail_integration.exceptions import IntegrationError
from wagtail_integration.submissions import intake


def test_the_root_exception_is_an_exception_a_host_site_can_catch():
    assert issubclass(IntegrationError, Exception)


def rate_limit_raising(monkeypatch, settings, exc):
    settings.WAGTAIL_INTEGRATION = {"SUBMISSION_RATE_LIMIT": "1/h"}

    def get_usage(*args, **kwargs):
        raise exc

    monkeypatch.setattr(intake, "get_usage", get_usage)
    return RequestFactory().post("/mitmachen/", REMOTE_ADDR="198.51.100.7")


def test_a_programming_error_in_the_rate_limit_is_raised_not_swallowed(monkeypatch, settings):
    request = rate_limit_raising(monkeypatch, settings, TypeError("a bug"))
    with pytest.raises(TypeError):
        intake.rate_limited(request)


@pytest.mark.parametrize("exc", [RedisConnectionError("down"), ConnectionRefusedError()])
def test_a_cache_connection_error_lets_the_submission_through(monkeypatch, settings, exc):
    assert intake.rate_limited(rate_limit_raising(monkeypatch, settings, exc)) == 0


def raised_by_rebuild(monkeypatch, exc):
    """What rebuilding occurrences raises, run as a task, when the rebuild raises ``exc``."""

    def rebuild_series(page_id):
        raise exc

    monkeypatch.setattr(occurrences, "rebuild_series", rebuild_series)
    with pytest.raises(Exception) as raised:
        event_tasks.rebuild_occurrences.delay(7)
    return raised.value


@pytest.mark.parametrize("exc", [TypeError("a bug"), ProgrammingError("no such column")])
def test_a_task_with_a_programming_error_is_not_retried(monkeypatch, exc):
    assert raised_by_rebuild(monkeypatch, exc) is exc


@pytest.mark.parametrize(
    "exc", [OperationalError("server closed the connection"), RedisConnectionError("down")]
)
def test_a_task_retries_on_an_error_that_can_pass(monkeypatch, exc):
    raised = raised_by_rebuild(monkeypatch, exc)
    assert isinstance(raised, Retry)  # eager mode raises the retry it would schedule
    assert raised.exc is exc


# -- the public surface of wagtail_integration/__init__.py -------------------------------------


def test_every_public_name_is_importable_from_the_package():
    import wagtail_integration
    from wagtail_integration.celery import beat_schedule
    from wagtail_integration.conf import get_setting
    from wagtail_integration.events.blocks import NextStammtischBlock, UpcomingEventsBlock

    assert wagtail_integration.IntegrationError is IntegrationError
    assert wagtail_integration.beat_schedule is beat_schedule
    assert wagtail_integration.get_setting is get_setting
    assert wagtail_integration.NextStammtischBlock is NextStammtischBlock
    assert wagtail_integration.UpcomingEventsBlock is UpcomingEventsBlock
    assert set(wagtail_integration.__all__) >= {"IntegrationError", "beat_schedule"}
    with pytest.raises(AttributeError):
        wagtail_integration.no_such_name  # noqa: B018


def test_importing_the_package_loads_no_django_model():
    """settings.py imports it (for beat_schedule) before Django has set up its apps."""
    import subprocess
    import sys

    code = (
        "import sys, wagtail_integration; "
        "from wagtail_integration.celery import beat_schedule; "
        "print(sorted(m for m in sys.modules if m.startswith('django.db.models') "
        "or m.endswith('.models')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_every_exception_class_of_the_package_derives_from_the_root():
    import importlib
    import inspect
    import pkgutil

    import wagtail_integration

    outside = []
    for info in pkgutil.walk_packages(wagtail_integration.__path__, "wagtail_integration."):
        if ".migrations" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
                and not issubclass(value, IntegrationError)
            ):
                outside.append(f"{module.__name__}.{name}")
    assert outside == []
