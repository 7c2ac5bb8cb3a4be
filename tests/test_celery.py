"""wagtail_integration/celery.py: the package's periodic jobs name tasks that exist."""

import json
import os
import subprocess
import sys
from pathlib import Path

from celery import current_app
from celery.schedules import crontab

from wagtail_integration.celery import beat_schedule

PROJECT_DIR = Path(__file__).resolve().parent.parent

#: What a worker process registers at start: the tasks of the modules Celery discovers itself.
_WORKER_TASKS = """
import json, django
django.setup()
from example_site.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(app.tasks)))
"""


def test_every_periodic_job_names_a_registered_task():
    current_app.loader.import_default_modules()
    registered = set(current_app.tasks)
    for name, entry in beat_schedule().items():
        assert entry["task"] in registered, name


def test_a_fresh_worker_process_knows_every_periodic_job():
    # The test process has imported every module of the package; a worker only what Celery's
    # autodiscovery finds (``<app>.tasks``), so a task defined elsewhere must be imported there.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "example_site.settings.test"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _WORKER_TASKS],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    registered = set(json.loads(result.stdout.strip().splitlines()[-1]))
    missing = {e["task"] for e in beat_schedule().values()} - registered
    assert not missing


def test_the_heartbeat_interval_follows_the_setting(settings):
    settings.WAGTAIL_INTEGRATION = {"WORKER_HEARTBEAT_INTERVAL": 15}
    assert beat_schedule()["wagtail-integration-heartbeat"]["schedule"] == 15.0


def test_the_outbox_sweep_runs_every_outbox_sweep_interval_seconds(settings):
    settings.WAGTAIL_INTEGRATION = {"OUTBOX_SWEEP_INTERVAL": 30}
    entry = beat_schedule()["wagtail-integration-sweep-outbox"]
    assert entry["task"] == "wagtail_integration.submissions.sweep_outbox"
    assert entry["schedule"] == 30.0


def test_expired_submissions_are_purged_daily_at_four():
    entry = beat_schedule()["wagtail-integration-purge-expired-submissions"]
    assert entry["task"] == "wagtail_integration.submissions.purge_expired_submissions"
    assert entry["schedule"] == crontab(minute=0, hour=4)


def test_due_stammtisch_invitations_are_sent_daily_at_eight():
    entry = beat_schedule()["wagtail-integration-stammtisch-invitations"]
    assert entry["task"] == "wagtail_integration.volunteering.send_due_invitations"
    assert entry["schedule"] == crontab(minute=0, hour=8)
