"""A real Celery worker process, on the real Redis, runs a job of the package to completion."""

import time

import pytest

from wagtail_integration.models import WorkerHeartbeat
from wagtail_integration.tasks import record_heartbeat


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
