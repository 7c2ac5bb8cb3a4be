"""Keeping occurrences in step: a series published, unpublished or deleted is rebuilt.

The rebuild runs as a background job; whether a series' dates may be shown
(``Occurrence.visible``) is updated at once, in the same transaction, so that the API never
lists the dates of a series that was just unpublished, made private or moved under a private
section, whether or not the job has run yet.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..tasks import enqueue_on_commit
from .models import EventSeriesPage
from .occurrences import refresh_visibility
from .tasks import rebuild_occurrences

__all__ = ["connect"]


def on_series_changed(sender, instance, **kwargs):
    """Show or hide the dates of ``instance`` now; rebuild them after commit."""
    refresh_visibility(EventSeriesPage.objects.filter(pk=instance.pk))
    enqueue_on_commit(rebuild_occurrences, instance.pk)


def _refresh_below(page):
    series = EventSeriesPage.objects.descendant_of(page, inclusive=True)
    if series.exists():
        refresh_visibility(series)


def on_restriction_changed(sender, instance, **kwargs):
    """A view restriction added, changed or removed: the series below it change visibility."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # gone when the restriction is deleted with its page
        _refresh_below(page)


def on_page_moved(sender, instance, **kwargs):
    """A page moved, perhaps into or out of a private section, with the series below it."""
    _refresh_below(instance)


def connect():
    """Connect the handlers; called from the app's ``ready()``."""
    for signal in (page_published, page_unpublished):
        signal.connect(on_series_changed, sender=EventSeriesPage, dispatch_uid=f"events-{signal}")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"events-restriction-{signal}",
        )
    post_page_move.connect(on_page_moved, dispatch_uid="events-page-moved")
