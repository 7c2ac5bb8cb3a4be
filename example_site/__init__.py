"""An example city site that uses the installed wagtail-integration package."""

from .celery import app as celery_app

__all__ = ["celery_app"]
