"""``GET health``: whether the database, the cache and the broker answer, and whether the site is
configured for the public (the conditions of ``check --deploy``, :mod:`wagtail_integration.checks`).
"""

import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Literal

from celery import current_app
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view

from .. import __version__
from ..checks import deployment_problems
from ..conf import get_setting

__all__ = ["router", "run_checks"]

router = Router(tags=["health"])


class VersionOut(Schema):
    name: str
    version: str
    api: str


class CheckOut(Schema):
    status: str
    detail: str = ""


class WorkerOut(Schema):
    last_heartbeat: str | None = None
    stale: bool = True


class WarningOut(Schema):
    id: str = Field(description="The system check's id, e.g. wagtail_integration.W010.")
    detail: str = Field(description="What is wrong, in the request's language.")


class HealthOut(Schema):
    status: Literal["ok", "degraded", "error"] = Field(
        description="error: a part does not answer (503); degraded: all answer, but the "
        "configuration is not fit for the public (see warnings); ok otherwise."
    )
    detail: str = ""
    checks: dict[str, CheckOut]
    warnings: list[WarningOut] = Field(
        default_factory=list,
        description="The warnings of manage.py check --deploy, when DEBUG is False.",
    )
    worker: WorkerOut


def check_database():
    """Run a trivial query on the default database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def check_cache():
    """Write a value to the default cache and read it back."""
    key = f"wagtail-integration-health-{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError(_("The cache did not return the value written to it."))
    return ""


def check_broker():
    """Open a connection to the Celery broker, unless tasks run eagerly in the web process."""
    if current_app.conf.task_always_eager:
        return _("Eager mode: background jobs run in the web process, no broker is used.")
    timeout = float(get_setting("HEALTH_CHECK_TIMEOUT"))
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    return ""


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def _in_own_thread(check, language):
    """Run ``check`` in the request's language; close the database connection of its thread."""
    try:
        with translation.override(language):
            return check()
    finally:
        connection.close()


def run_checks():
    """Run every check side by side, each within ``HEALTH_CHECK_TIMEOUT`` seconds.

    Returns ``(all_ok, {name: {"status": ..., "detail": ...}})``. A check that hangs (a database
    or cache that accepts connections but does not answer) counts as failed once its time is up.
    """
    timeout = float(get_setting("HEALTH_CHECK_TIMEOUT"))
    results = {}
    executor = ThreadPoolExecutor(max_workers=len(CHECKS), thread_name_prefix="health")
    language = translation.get_language()
    futures = {
        name: executor.submit(_in_own_thread, check, language) for name, check in CHECKS.items()
    }
    for name, future in futures.items():
        try:
            results[name] = {"status": "ok", "detail": future.result(timeout=timeout)}
        except FutureTimeout:
            results[name] = {"status": "error", "detail": f"no answer within {timeout:g} s"}
        except Exception as exc:  # deliberately broad: any failure is this check's answer, shown
            results[name] = {"status": "error", "detail": f"{type(exc).__name__}: {exc}"}
    executor.shutdown(wait=False, cancel_futures=True)
    return all(r["status"] == "ok" for r in results.values()), results


def deployment_warnings(database=True):
    """The conditions of ``check --deploy`` as ``[{"id": ..., "detail": ...}]``.

    ``database=False`` leaves out the one that reads the database (when it did not answer).
    """
    return [
        {"id": problem.id, "detail": problem.message}
        for problem in deployment_problems(database=database)
    ]


def last_heartbeat():
    """Return the newest worker heartbeat and whether it is older than allowed."""
    from ..models import WorkerHeartbeat

    try:
        seen = WorkerHeartbeat.objects.values_list("last_seen", flat=True).first()
    except DatabaseError:  # down, or not migrated: no heartbeat to read
        seen = None
    if seen is None:
        return {"last_heartbeat": None, "stale": True}
    age = (timezone.now() - seen).total_seconds()
    return {
        "last_heartbeat": seen.isoformat(),
        "stale": age > get_setting("WORKER_HEARTBEAT_MAX_AGE"),
    }


@router.get("health", response={200: HealthOut, 503: HealthOut}, summary="Service health")
@decorate_view(never_cache)  # monitoring must see the present state, never a kept one
def health(request):
    """Status of the database, the cache and the Celery broker, and of the configuration.

    200 when all answer: ``ok``, or ``degraded`` with ``warnings`` when the site runs with
    ``DEBUG = False`` in a way fit only for a demo (the warnings of ``manage.py check --deploy``:
    Celery eager or on ``memory://``, a per-process cache under rate limits or kept answers, no
    ``WAGTAILADMIN_BASE_URL``, a default Site named ``localhost``). 503 naming the failing parts
    otherwise. ``worker`` tells when a Celery worker last ran the heartbeat job (informational:
    it does not change the status code).
    """
    ok, results = run_checks()
    warnings = deployment_warnings(database=results["database"]["status"] == "ok")
    failing = [name for name, r in results.items() if r["status"] != "ok"]
    if not ok:
        status, detail = "error", _("Unavailable: %(parts)s") % {"parts": ", ".join(failing)}
    elif warnings:
        status, detail = "degraded", " ".join(w["detail"] for w in warnings)
    else:
        status, detail = "ok", ""
    body = {
        "status": status,
        "detail": detail,
        "checks": results,
        "warnings": warnings,
        "worker": last_heartbeat(),
    }
    return Status(200 if ok else 503, body)


@router.get("version", response=VersionOut, summary="Package and API version")
def version(request):
    """Which release of wagtail-integration answers, and which API version it speaks."""
    return {"name": "wagtail-integration", "version": __version__, "api": "v1"}
