"""A real Celery worker process, on the real Redis, runs a job of the package to completion."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.services import require_redis
from wagtail_integration.models import WorkerHeartbeat
from wagtail_integration.tasks import record_heartbeat

PROJECT_DIR = Path(__file__).resolve().parent.parent


def database_url_of_test_database():
    """A DATABASE_URL naming the database this test runs on, for the worker process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


@contextmanager
def worker_process(redis, queue, **env):
    """A Celery worker on ``queue`` of the shared Redis, on the test database; stopped after.

    ``env`` adds to the worker's environment. Only the process started here is stopped.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings.test",
        "DATABASE_URL": database_url_of_test_database(),
        "REDIS_URL": redis,
        **env,
    }
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "celery", "-A", "example_site", "worker",
            "--queues", queue, "--hostname", f"{queue}@test", "--pool", "solo",
            "--without-gossip", "--without-mingle", "--loglevel", "info",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])  # shown by pytest when the test fails


@pytest.fixture
def worker(celery_broker):
    """Start a worker on a queue of its own on the shared Redis; stop it (and only it) after."""
    redis = require_redis()
    queue = f"wagtail-integration-test-{uuid.uuid4().hex}"
    celery_broker(redis)
    with worker_process(redis, queue) as process:
        yield queue, f"{queue}@test", process


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_the_heartbeat_job_to_completion(worker):
    queue, nodename, process = worker
    record_heartbeat.apply_async(queue=queue)

    deadline = time.monotonic() + 90
    while not WorkerHeartbeat.objects.filter(hostname=nodename).exists():
        assert process.poll() is None, "the worker process exited"
        assert time.monotonic() < deadline, "the worker did not run the job within 90 s"
        time.sleep(0.2)

    heartbeat = WorkerHeartbeat.objects.get(hostname=nodename)
    assert heartbeat.task_id  # a real worker request carries the task id
