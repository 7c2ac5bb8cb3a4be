"""The example site's Celery app: configured from Django settings under ``CELERY_*``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings.dev")

app = Celery("example_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def add_package_schedule(sender, **kwargs):
    """Run the package's periodic jobs beside any the site defines itself."""
    from wagtail_integration.celery import beat_schedule

    sender.conf.beat_schedule = {**beat_schedule(), **(sender.conf.beat_schedule or {})}
