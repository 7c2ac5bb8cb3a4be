"""Background jobs of the core app, and the one way the package enqueues jobs.

Jobs take ids, not objects, and are enqueued with :func:`enqueue_on_commit` so that a worker never
sees a row before its transaction has committed.

The two backends at the end put Wagtail's own background tasks (django-tasks) and
wagtail-localize's jobs on the same Celery workers, through the same way of enqueueing.
"""

import dataclasses
import functools
import logging
import time
from inspect import iscoroutinefunction

from asgiref.sync import async_to_sync
from celery import current_app, shared_task
from django.apps import apps
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks import TaskResult
from django_tasks.backends.base import BaseTaskBackend

from .exceptions import TRANSIENT_ERRORS, IntegrationError

__all__ = [
    "CeleryJobBackend",
    "CeleryTaskBackend",
    "enqueue_on_commit",
    "record_heartbeat",
    "run_django_task",
    "run_localize_job",
]

logger = logging.getLogger(__name__)


#: Seconds a process stops trying to reach a broker that has just failed it.
BROKER_PAUSE_SECONDS = 30.0

# time.monotonic() until which this process does not try the broker again.
_broker_paused_until = 0.0


def enqueue_on_commit(task, *args, using=None, **kwargs):
    """Send ``task`` with ``args`` once the current transaction commits.

    A broker that is down must not undo what the request has already stored: the failure is
    logged, and the periodic sweeps of the domain that owns the job find the work again. After a
    failure the process leaves the broker alone for :data:`BROKER_PAUSE_SECONDS`: each attempt
    costs the request Celery's publish retries (about a second), and the sweeps send the work
    once the broker is back.
    """
    transaction.on_commit(functools.partial(_send, task, args, kwargs), using=using, robust=True)


def _send(task, args, kwargs, *, options=None, run_here=None):
    """Send ``task``; when the broker fails, log it and call ``run_here`` if there is one.

    Jobs without a sweep of their own (Wagtail's and wagtail-localize's) pass ``run_here``: they
    then run in this process, as they would without a Celery backend, rather than be lost.
    """
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        if run_here is None:
            logger.debug(
                "Not enqueueing %s: the broker failed recently; a sweep sends it.", task.name
            )
        else:
            logger.debug("Running %s in this process: the broker failed recently.", task.name)
            run_here()
        return
    try:
        task.apply_async(args=args, kwargs=kwargs, **(options or {}))
    # Deliberately broad: the work is stored and a sweep sends it; a failure here must not fail
    # the request that has already committed it. It is logged as an error.
    except Exception as exc:
        if task.app.conf.task_always_eager:
            # The job ran here and now (the demo, the tests) and failed: its own error, not the
            # broker's, so the broker is not paused for the jobs that follow.
            logger.exception("The job %s failed.", task.name)
            return
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS
        logger.error(
            "Could not enqueue %s (%s); %s",
            task.name,
            type(exc).__name__,
            "it runs in this process instead."
            if run_here
            else "a sweep will pick the work up again.",
        )
        if run_here is not None:
            run_here()


@shared_task(name="wagtail_integration.record_heartbeat", ignore_result=True)
def record_heartbeat():
    """Record that a worker on this host is alive; ``GET health`` reports the time."""
    from .models import WorkerHeartbeat

    request = record_heartbeat.request
    WorkerHeartbeat.objects.update_or_create(
        hostname=request.hostname,
        defaults={"last_seen": timezone.now(), "task_id": request.id or ""},
    )
    return request.hostname


# -- Wagtail's background tasks (django-tasks) on Celery ----------------------------------------
#
# Wagtail enqueues its own background work (reference index, search index, image focal points,
# frontend cache purges, file deletion) through the django-tasks backport, `django_tasks`: 0.7
# on Wagtail 7.0, 0.9 to 0.12 on Wagtail 8, on Django 5.2 and Django 6 alike (Wagtail does not
# use Django 6's built-in `django.tasks`). A backend of our own rather than a package: when this
# was written, django-tasks-celery (0.1.1) served only Django 6's built-in framework and needed
# Python 3.12, and django-tasks-fennel (0.1, a first release) needed django-tasks 0.12 and
# switched to the built-in framework on Django 6. Neither runs Wagtail's tasks on all the stacks
# we support; this backend is one Celery task and a few lines, on the enqueueing the package
# already trusts (after commit, a broker failure never fails the request).


def _default_queue_name():
    import django_tasks

    return getattr(django_tasks, "DEFAULT_TASK_QUEUE_NAME", None) or django_tasks.DEFAULT_QUEUE_NAME


_DEFAULT_QUEUE_NAME = _default_queue_name()


def _task_path(task):
    """The dotted path a worker imports a django-tasks task by (the decorated function's)."""
    return f"{task.func.__module__}.{task.func.__qualname__}"


def _task_result(task, args, kwargs, backend, *, result_id=None, running=False):
    """A django-tasks ``TaskResult`` for ``task``, on any django-tasks release we support.

    The result's fields and status names changed between 0.7 and 0.12; only the fields the
    installed release has are passed.
    """
    import django_tasks

    statuses = getattr(django_tasks, "TaskResultStatus", None) or django_tasks.ResultStatus
    waiting = getattr(statuses, "READY", None) or statuses.NEW
    values = {
        "task": task,
        "id": result_id or get_random_string(32),
        "status": statuses.RUNNING if running else waiting,
        "enqueued_at": None,
        "started_at": None,
        "last_attempted_at": None,
        "finished_at": None,
        "args": list(args),
        "kwargs": dict(kwargs),
        "backend": backend,
        "errors": [],
        "worker_ids": [],
    }
    names = {field.name for field in dataclasses.fields(TaskResult) if field.init}
    return TaskResult(**{name: value for name, value in values.items() if name in names})


def _run_django_task(path, args, kwargs, result_id=None):
    """Import the django-tasks task at ``path`` and run its function with ``args``/``kwargs``."""
    task = import_string(path)
    # The path comes from a message: only django-tasks tasks run, never any other callable.
    if not isinstance(task, BaseTaskBackend.task_class):
        raise TypeError(f"{path} is not a django-tasks task.")
    func = async_to_sync(task.func) if iscoroutinefunction(task.func) else task.func
    if getattr(task, "takes_context", False):
        from django_tasks import TaskContext

        result = _task_result(task, args, kwargs, task.backend, result_id=result_id, running=True)
        return func(TaskContext(task_result=result), *args, **kwargs)
    return func(*args, **kwargs)


def _run_django_task_here(path, args, kwargs, result_id):
    # As django-tasks' immediate backend: a failing task is logged, the request goes on.
    try:
        _run_django_task(path, args, kwargs, result_id)
    except Exception:
        logger.exception("The task %s failed in this process.", path)


@shared_task(
    bind=True,
    name="wagtail_integration.run_django_task",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    max_retries=3,
)
def run_django_task(self, path, args, kwargs):
    """Run the django-tasks task at ``path`` (sent by :class:`CeleryTaskBackend`) on a worker."""
    _run_django_task(path, args, kwargs, result_id=self.request.id)


class CeleryTaskBackend(BaseTaskBackend):
    """A django-tasks backend that runs Wagtail's background tasks on the site's Celery workers.

    ``TASKS = {"default": {"BACKEND": "wagtail_integration.tasks.CeleryTaskBackend"}}``.

    Each task is sent as :func:`run_django_task` once the current transaction commits (Wagtail
    enqueues from ``post_save``, before the row is committed), to the Celery queue named by the
    ``QUEUE`` option (Celery's default queue without it), or to the queue of the task's own name
    when it names one. When the broker cannot be reached the task runs in this process instead,
    and the request goes on. With Celery in eager mode (no ``REDIS_URL`` in the example site) a
    task runs at once, in this process. Results are not kept: ``get_result()`` is not supported,
    as Wagtail needs no results.
    """

    supports_async_task = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.celery_queue = params.get("OPTIONS", {}).get("QUEUE")

    def enqueue(self, task, args, kwargs):
        """Send ``task`` with ``args`` and ``kwargs`` to a worker after commit."""
        self.validate_task(task)
        result = _task_result(task, args, kwargs, self.alias)
        message = [_task_path(task), list(args), dict(kwargs)]
        run_here = functools.partial(_run_django_task_here, *message, result.id)
        if current_app.conf.task_always_eager:
            run_here()
            return result
        options = {"task_id": result.id}
        queue = task.queue_name if task.queue_name != _DEFAULT_QUEUE_NAME else self.celery_queue
        if queue:
            options["queue"] = queue
        transaction.on_commit(
            functools.partial(
                _send, run_django_task, message, {}, options=options, run_here=run_here
            ),
            robust=True,
        )
        return result


# -- wagtail-localize's jobs on Celery ----------------------------------------------------------
#
# wagtail-localize runs its heavier work (translating a page's subtree, synchronising a locale's
# tree) through its own small job interface (`wagtail_localize.tasks`: a class taking OPTIONS,
# with `enqueue(func, args, kwargs)`), with an immediate and a django-rq backend of its own, not
# through django-tasks. It reads `WAGTAILLOCALIZE_JOBS` when it is imported, and imports this
# module to do so: this module does not import `wagtail_localize.tasks` in turn.
#
# Its jobs get model instances (locales, the user) and, for a subtree, the submit form's
# component manager, which django-rq would pickle. Celery's messages are JSON: a model instance
# travels as its label and primary key and is read again on the worker. A value that cannot
# travel makes the job run in this process, as wagtail-localize's own default does.

#: Only functions of these packages are run from a message.
LOCALIZE_JOB_PACKAGES = ("wagtail_localize.",)

_MODEL_KEY = "__model__"


class _CannotSend(IntegrationError):
    """A job's argument cannot be carried in a JSON message."""


def _can_do_without(value):
    from wagtail_localize.components import BaseComponentManager
    from wagtail_localize.synctree import PageIndex

    if isinstance(value, BaseComponentManager):
        # No translation components registered: saving it does nothing, as does None.
        return not value.components
    # synchronize_tree builds a page index when it gets none; the worker's is the newer one.
    return isinstance(value, PageIndex)


def _is_str(value):
    return isinstance(value, str)


def _encode(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    # A queryset (the locales a form chose) travels as the list of its rows.
    if isinstance(value, list | tuple | QuerySet):
        return [_encode(item) for item in value]
    if isinstance(value, dict) and _MODEL_KEY not in value and all(map(_is_str, value)):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, Model) and value.pk is not None:
        pk = value.pk if isinstance(value.pk, int | str) else str(value.pk)
        return {_MODEL_KEY: value._meta.label_lower, "pk": pk}
    if _can_do_without(value):
        return None
    raise _CannotSend(f"a {type(value).__name__} cannot be sent to a worker")


def _decode(value):
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if _MODEL_KEY in value:
            return apps.get_model(value[_MODEL_KEY])._default_manager.get(pk=value["pk"])
        return {key: _decode(item) for key, item in value.items()}
    return value


@shared_task(
    name="wagtail_integration.run_localize_job",
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    max_retries=3,
)
def run_localize_job(path, args, kwargs):
    """Run the wagtail-localize job ``path`` (sent by :class:`CeleryJobBackend`) on a worker."""
    # The path comes from a message: only wagtail-localize's own functions run.
    if not path.startswith(LOCALIZE_JOB_PACKAGES):
        raise TypeError(f"{path} is not a wagtail-localize job.")
    import_string(path)(*_decode(args), **_decode(kwargs))


class CeleryJobBackend:
    """wagtail-localize's job backend on the site's Celery workers.

    ``WAGTAILLOCALIZE_JOBS = {"BACKEND": "wagtail_integration.tasks.CeleryJobBackend"}``.

    Each job is sent as :func:`run_localize_job` once the current transaction commits, to the
    Celery queue named by the ``QUEUE`` option (Celery's default queue without it). It runs
    in this process instead, as with wagtail-localize's default, when Celery is in eager mode,
    when the broker cannot be reached, and when an argument cannot be sent to a worker (a
    translation component's form: see the comment above).
    """

    def __init__(self, options):
        self.options = options
        self.celery_queue = options.get("QUEUE")

    def enqueue(self, func, args, kwargs):
        """Send ``func(*args, **kwargs)`` to a worker after commit, or run it here."""
        path = f"{func.__module__}.{func.__qualname__}"
        run_here = functools.partial(func, *args, **kwargs)
        if current_app.conf.task_always_eager:
            run_here()
            return
        try:
            if not path.startswith(LOCALIZE_JOB_PACKAGES):
                raise _CannotSend("only wagtail-localize's jobs are sent to a worker")
            message = [path, _encode(list(args)), _encode(dict(kwargs))]
        except _CannotSend as reason:
            logger.info("Running %s in this process: %s.", path, reason)
            run_here()
            return
        transaction.on_commit(
            functools.partial(
                _send,
                run_localize_job,
                message,
                {},
                options={"queue": self.celery_queue} if self.celery_queue else None,
                run_here=run_here,
            ),
            robust=True,
        )
