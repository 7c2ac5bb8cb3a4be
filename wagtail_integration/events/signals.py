"""Keeping occurrences in step: a series published, unpublished or deleted is rebuilt."""

from wagtail.signals import page_published, page_unpublished

from ..tasks import enqueue_on_commit
from .models import EventSeriesPage
from .tasks import rebuild_occurrences

__all__ = ["connect"]


def on_series_changed(sender, instance, **kwargs):
    """Rebuild the occurrences of the series whose version ``instance`` is, after commit."""
    enqueue_on_commit(rebuild_occurrences, instance.pk)


def connect():
    """Connect the handlers; called from the app's ``ready()``."""
    for signal in (page_published, page_unpublished):
        signal.connect(on_series_changed, sender=EventSeriesPage, dispatch_uid=f"events-{signal}")
