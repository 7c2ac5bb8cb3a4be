"""What a host site's Celery app needs from the package.

In the host site's ``celery.py``::

    from wagtail_integration.celery import beat_schedule

    app.conf.beat_schedule = {**beat_schedule(), **app.conf.beat_schedule}

Each installed app of the package brings its own periodic jobs: a ``beat_schedule()`` method
on its ``AppConfig`` returns them (see the ``apps.py`` of the core and of the domains). They are
read from the app configs, not collected in ``ready()``, because a site's Celery module may ask
for the schedule before Django has set up its apps.
"""

from django.apps import AppConfig, apps
from django.conf import settings

__all__ = ["beat_schedule"]


def _app_configs():
    if apps.apps_ready:
        return apps.get_app_configs()
    # Importing an app's module and its apps.py is what Django does before it loads any model.
    return [AppConfig.create(entry) for entry in settings.INSTALLED_APPS]


def beat_schedule():
    """Return the periodic jobs of the installed package as a Celery ``beat_schedule`` dict."""
    schedule = {}
    for config in _app_configs():
        # Only this package's apps: another app's attribute of the same name means something else.
        if config.name.partition(".")[0] == __package__ and hasattr(config, "beat_schedule"):
            schedule.update(config.beat_schedule())
    return schedule
