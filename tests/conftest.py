"""Shared fixtures of the test suite."""

import os

import pytest
from django.db import connection


def pytest_report_header(config):
    db = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    return [f"database: {db}; REQUIRE_SERVICES={'1' if required else 'unset'}"]


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploaded and copied media of the whole run go to a temporary folder pytest cleans up."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(root)):
        yield root


@pytest.fixture(autouse=True)
def reset_language():
    """Each test starts in the default language: requests leave theirs active, as in Django."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache: rate limits counted by one test never reach another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def answers_not_cached(settings):
    """Every request builds its answer: for tests that count what building one costs."""
    settings.WAGTAIL_INTEGRATION = {
        **(getattr(settings, "WAGTAIL_INTEGRATION", None) or {}),
        "RESPONSE_CACHE_SECONDS": 0,
    }


@pytest.fixture(autouse=True)
def broker_not_paused():
    """A broker failure in one test must not keep later tests from enqueueing."""
    from wagtail_integration import tasks

    tasks._broker_paused_until = 0.0
    yield
    tasks._broker_paused_until = 0.0


@pytest.fixture
def db_vendor(db):
    """The vendor of the test database: ``sqlite`` or ``postgresql``."""
    return connection.vendor


@pytest.fixture
def celery_broker():
    """Point the Celery app at a real broker for one test, eager mode off; restore afterwards.

    Each option is set under its own name and under the ``CELERY_`` name it has in Django's
    settings: Celery before 5.7 lets the latter win. Celery caches its connection pools at first
    use; they are dropped on both sides so that the test talks to the broker it names.
    """
    from celery import current_app

    conf = current_app.conf
    names = ("broker_url", "task_always_eager", "broker_transport_options")
    names = [*names, *(f"CELERY_{name.upper()}" for name in names)]
    # Restored by taking the test's values out again, not by setting the old ones: a value set
    # on the app would hide Django's settings, and override_settings, from later tests.
    saved = {name: conf.changes[name] for name in names if name in conf.changes}

    def configure(values):
        conf.update({**values, **{f"CELERY_{k.upper()}": v for k, v in values.items()}})

    def restore():
        for name in names:
            conf.changes.pop(name, None)
        conf.changes.update(saved)

    def reset_pools():
        current_app._pool = None
        current_app.amqp._producer_pool = None

    def use(url, **options):
        reset_pools()
        values = {
            "broker_url": url,
            "task_always_eager": False,
            "broker_transport_options": options,
        }
        configure(values)

    yield use
    reset_pools()
    restore()


@pytest.fixture
def worker(celery_broker):
    """Start a worker on a queue of its own on the shared Redis; stop it (and only it) after."""
    import uuid

    from tests.services import require_redis, worker_process

    redis = require_redis()
    queue = f"wagtail-integration-test-{uuid.uuid4().hex}"
    celery_broker(redis)
    with worker_process(redis, queue) as process:
        yield queue, f"{queue}@test", process


# -- the demo data, loaded once per module -----------------------------------------------------


@pytest.fixture(scope="module")
def demo_load_patches():
    """What is patched while a module's demo data is loaded and used: nothing. A module that needs
    something (a frozen clock) overrides this fixture."""
    yield


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, demo_load_patches):
    """The demo data, loaded once for the module inside a transaction rolled back at its end; each
    test (through ``demo``) runs in a savepoint of it."""
    from io import StringIO

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_demo_data", stdout=StringIO())
            yield
            transaction.set_rollback(True)
        cache.clear()  # Wagtail's cached site root paths of the demo site


@pytest.fixture
def demo(demo_data, db):
    """The module's demo data, for one test."""


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the block enqueued for after its commit at its end, as
    the test's transaction never commits (wagtail-localize creates and publishes that way)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
