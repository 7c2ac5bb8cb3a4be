"""wagtail_integration/celery.py: the package's periodic jobs name tasks that exist."""

from celery import current_app

from wagtail_integration.celery import beat_schedule


def test_every_periodic_job_names_a_registered_task():
    current_app.loader.import_default_modules()
    registered = set(current_app.tasks)
    for name, entry in beat_schedule().items():
        assert entry["task"] in registered, name


def test_the_heartbeat_interval_follows_the_setting(settings):
    settings.WAGTAIL_INTEGRATION = {"WORKER_HEARTBEAT_INTERVAL": 15}
    assert beat_schedule()["wagtail-integration-heartbeat"]["schedule"] == 15.0
