"""Wagtail's background tasks (django-tasks) and wagtail-localize's jobs on Celery.

wagtail_integration/tasks.py: ``CeleryTaskBackend`` (``TASKS``) and ``CeleryJobBackend``
(``WAGTAILLOCALIZE_JOBS``). The worker tests start a real Celery worker on a queue of its own on
the shared Redis, on the test database.
"""

import logging
import time
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Locale, Page, ReferenceIndex

from tests import factories
from tests.services import free_port, require_redis, worker_process
from wagtail_integration import tasks
from wagtail_integration.tasks import CeleryJobBackend, run_django_task, run_localize_job

WORKER_TIMEOUT = 90


def celery_tasks_backend(queue=None):
    """The ``TASKS`` setting of production, with the worker's queue when a test names one."""
    backend = {"BACKEND": "wagtail_integration.tasks.CeleryTaskBackend"}
    if queue:
        backend["OPTIONS"] = {"QUEUE": queue}
    return {"default": backend}


def reset_task_backends():
    """Make django-tasks read ``TASKS`` again (its own receiver needs its app installed)."""
    import django_tasks
    from asgiref.local import Local

    handler = getattr(django_tasks, "task_backends", None) or django_tasks.tasks
    handler._settings = handler.settings = handler.configure_settings(None)
    handler._connections = Local()


@pytest.fixture
def tasks_setting():
    """Set ``TASKS`` for one test, and give django-tasks its own setting back afterwards."""
    overrides = []

    def use(value):
        override = override_settings(TASKS=value)
        override.enable()
        overrides.append(override)
        reset_task_backends()

    yield use
    for override in reversed(overrides):
        override.disable()
    reset_task_backends()


@pytest.fixture
def localize_jobs(monkeypatch):
    """Give wagtail-localize a job backend for one test, as ``WAGTAILLOCALIZE_JOBS`` would.

    wagtail-localize builds its backend once, when it is imported, and its modules keep the
    name they imported.
    """
    import wagtail_localize.models
    import wagtail_localize.tasks
    import wagtail_localize.views.submit_translations

    def use(backend):
        for module in (
            wagtail_localize.tasks,
            wagtail_localize.models,
            wagtail_localize.views.submit_translations,
        ):
            monkeypatch.setattr(module, "background", backend)

    return use


@pytest.fixture
def default_site(db):
    """The site a transactional test needs, after an earlier one flushed the tables."""
    factories.ensure_default_site()


@pytest.fixture
def queue(celery_broker):
    """A queue of the test's own on the shared Redis, eager mode off; nothing consumes it yet."""
    redis = require_redis()
    celery_broker(redis)
    return redis, f"wagtail-integration-test-{uuid.uuid4().hex}"


def wait_for(condition, worker, what):
    """Poll ``condition`` until it holds, while the worker process lives; fail after a while."""
    deadline = time.monotonic() + WORKER_TIMEOUT
    while not condition():
        assert worker.poll() is None, "the worker process exited"
        assert time.monotonic() < deadline, f"{what} did not happen within {WORKER_TIMEOUT} s"
        time.sleep(0.2)


def references_to(obj):
    return ReferenceIndex.get_references_to(obj)


# -- Wagtail's background tasks --------------------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_page_publish_updates_the_reference_index_on_the_worker_not_in_the_request(
    default_site, queue, tasks_setting
):
    redis, name = queue
    topic = factories.topic(name="Gesundheit")
    index = factories.topic_index()
    tasks_setting(celery_tasks_backend(name))

    guide = factories.guide(index, title="Ärztliche Versorgung", topic=topic)

    # Published and committed; the index update waits in the queue, nothing ran it here.
    assert Page.objects.get(pk=guide.pk).live
    assert not references_to(topic).exists()
    with worker_process(redis, name) as worker:
        wait_for(lambda: references_to(topic).exists(), worker, "the reference index update")
    reference = references_to(topic).get()
    assert reference.object_id == str(guide.pk)
    assert reference.model_path == "topic"


@pytest.mark.django_db
def test_with_the_broker_down_wagtail_s_task_runs_in_the_request_which_goes_on(
    celery_broker, tasks_setting, django_capture_on_commit_callbacks, caplog
):
    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    topic = factories.topic()
    index = factories.topic_index()
    tasks_setting(celery_tasks_backend())
    with caplog.at_level(logging.ERROR, logger="wagtail_integration.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            guide = factories.guide(index, topic=topic)
            assert not references_to(topic).exists()  # not before the commit

    assert references_to(topic).get().object_id == str(guide.pk)
    assert "Could not enqueue wagtail_integration.run_django_task" in caplog.text
    assert "it runs in this process instead" in caplog.text


@pytest.mark.django_db
def test_in_eager_mode_wagtail_s_task_runs_at_once_in_this_process(tasks_setting):
    # The test settings are eager (no REDIS_URL): as in `make demo`.
    topic = factories.topic()
    index = factories.topic_index()
    tasks_setting(celery_tasks_backend())
    guide = factories.guide(index, topic=topic)
    assert references_to(topic).get().object_id == str(guide.pk)


def test_the_worker_runs_django_tasks_only_never_another_function_a_message_names():
    with pytest.raises(TypeError, match="is not a django-tasks task"):
        run_django_task.apply(args=["django.utils.timezone.now", [], {}])


# -- wagtail-localize's jobs -----------------------------------------------------------------


def english_pages():
    return Page.objects.filter(locale__language_code="en")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_synchronising_a_locale_s_tree_runs_on_the_worker(default_site, queue, localize_jobs):
    from wagtail_localize.models import LocaleSynchronization

    redis, name = queue
    index = factories.topic_index(title="Themen")
    guide = factories.guide(index, title="Deutsch lernen")
    english = factories.locale("en")
    localize_jobs(CeleryJobBackend({"QUEUE": name}))

    LocaleSynchronization.objects.create(locale=english, sync_from=factories.locale("de"))

    assert not english_pages().exists()  # committed; the job waits in the queue
    with worker_process(redis, name) as worker:
        wait_for(
            lambda: english_pages().filter(translation_key=guide.translation_key).exists(),
            worker,
            "the synchronisation of the English tree",
        )
    alias = english_pages().get(translation_key=guide.translation_key)
    assert alias.alias_of_id == guide.pk
    assert english_pages().filter(translation_key=index.translation_key).exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_translating_a_page_s_subtree_runs_on_the_worker_with_the_editor_and_locales(
    default_site, queue, localize_jobs, client
):
    redis, name = queue
    index = factories.topic_index(title="Themen")
    guide = factories.guide(index, title="Beratung")
    english = factories.locale("en")
    editor = get_user_model().objects.create_superuser("redaktion", "r@example.org", "x")
    client.force_login(editor)
    localize_jobs(CeleryJobBackend({"QUEUE": name}))

    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[index.pk]),
        {"locales": [english.pk], "include_subtree": "on"},
    )

    assert response.status_code == 302
    # The page itself is translated in the request; its subtree is left to the worker.
    assert english_pages().filter(translation_key=index.translation_key).exists()
    assert not english_pages().filter(translation_key=guide.translation_key).exists()
    with worker_process(redis, name) as worker:
        wait_for(
            lambda: english_pages().filter(translation_key=guide.translation_key).exists(),
            worker,
            "the translation of the subtree",
        )
    translated = english_pages().get(translation_key=guide.translation_key)
    assert translated.alias_of_id is None  # a translation to edit, not an alias
    assert translated.get_latest_revision().user == editor


@pytest.mark.django_db
def test_with_the_broker_down_wagtail_localize_s_job_runs_in_the_request_which_goes_on(
    celery_broker, localize_jobs, django_capture_on_commit_callbacks, caplog
):
    from wagtail_localize.models import LocaleSynchronization

    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    guide = factories.guide(factories.topic_index())
    english = factories.locale("en")
    localize_jobs(CeleryJobBackend({}))
    with caplog.at_level(logging.ERROR, logger="wagtail_integration.tasks"):
        with django_capture_on_commit_callbacks(execute=True):
            LocaleSynchronization.objects.create(locale=english, sync_from=factories.locale("de"))
            assert not english_pages().exists()  # not before the commit

    assert english_pages().filter(translation_key=guide.translation_key).exists()
    assert "Could not enqueue wagtail_integration.run_localize_job" in caplog.text


@pytest.mark.django_db
def test_in_eager_mode_wagtail_localize_s_job_runs_at_once_in_this_process(localize_jobs):
    from wagtail_localize.models import LocaleSynchronization

    guide = factories.guide(factories.topic_index())
    localize_jobs(CeleryJobBackend({}))
    LocaleSynchronization.objects.create(
        locale=factories.locale("en"), sync_from=factories.locale("de")
    )
    assert english_pages().filter(translation_key=guide.translation_key).exists()


def test_a_job_the_worker_would_refuse_runs_in_this_process(celery_broker, caplog):
    celery_broker(f"redis://127.0.0.1:{free_port()}/0")  # would fail if it were tried
    calls = []
    with caplog.at_level(logging.INFO, logger="wagtail_integration.tasks"):
        CeleryJobBackend({}).enqueue(calls.append, ["done"], {})
    assert calls == ["done"]
    assert "only wagtail-localize's jobs are sent to a worker" in caplog.text
    assert "Could not enqueue" not in caplog.text


def test_translation_components_a_message_cannot_carry_keep_the_job_in_this_process():
    from wagtail_localize.components import TranslationComponentManager
    from wagtail_localize.synctree import PageIndex

    # Without components the manager saves nothing, as None does; a page index is rebuilt.
    assert tasks._encode([TranslationComponentManager([]), PageIndex([])]) == [None, None]
    with pytest.raises(tasks._CannotSend):
        tasks._encode(TranslationComponentManager([({"model": None}, None, object())]))


def test_locales_and_users_travel_as_their_label_and_key_and_are_read_again(db):
    editor = get_user_model().objects.create_user("redaktion")
    english = factories.locale("en")
    locales = Locale.objects.filter(pk=english.pk)
    message = tasks._encode([locales, editor, {"page_index": None}])
    assert message == [
        [{"__model__": "wagtailcore.locale", "pk": english.pk}],
        {"__model__": "auth.user", "pk": editor.pk},
        {"page_index": None},
    ]
    assert tasks._decode(message) == [[english], editor, {"page_index": None}]


def test_the_worker_runs_wagtail_localize_s_jobs_only():
    with pytest.raises(TypeError, match="is not a wagtail-localize job"):
        run_localize_job.apply(args=["django.utils.timezone.now", [], {}])


# -- the example site's settings -------------------------------------------------------------


def settings_of(module, **env):
    """``TASKS`` and ``WAGTAILLOCALIZE_JOBS`` as ``module`` sets them with ``env``, read fresh."""
    import json
    import os
    import subprocess
    import sys

    from tests.services import PROJECT_DIR

    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([getattr(s, 'TASKS', None), getattr(s, 'WAGTAILLOCALIZE_JOBS', None)]))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "integration.koblenz.example",
    "DATABASE_URL": "postgres://city:secret@db.internal:5432/integration",
    "REDIS_URL": "redis://cache.internal:6379/1",
}


@pytest.mark.parametrize(
    ("module", "env"),
    [
        ("example_site.settings.production", PRODUCTION_ENV),
        ("example_site.settings.dev", {"REDIS_URL": "redis://127.0.0.1:6379/3"}),
    ],
    ids=["production", "dev-with-redis"],
)
def test_with_redis_the_example_site_runs_wagtail_s_and_wagtail_localize_s_work_on_celery(
    module, env
):
    tasks_setting, jobs_setting = settings_of(module, **env)
    assert tasks_setting == celery_tasks_backend()
    assert jobs_setting == {"BACKEND": "wagtail_integration.tasks.CeleryJobBackend"}


def test_without_redis_the_demo_keeps_wagtail_s_and_wagtail_localize_s_defaults():
    tasks_setting, jobs_setting = settings_of("example_site.settings.dev", REDIS_URL="")
    # Django 6 has a default TASKS of its own (its immediate backend); Django 5.2 none.
    assert "wagtail_integration" not in str(tasks_setting)
    assert jobs_setting is None
