"""Receivers that put a change notification in the outbox when watched content changes.

Pages: Wagtail's ``page_published`` and ``page_unpublished``, and ``post_delete``. Snippets:
Wagtail's ``published`` and ``unpublished`` for those with drafts, ``post_save`` (a save is a
publication) for the others, and ``post_delete``. Deleting a live page sends ``unpublished``
(Wagtail unpublishes it first), then ``deleted``.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, published, unpublished

from ..tasks import enqueue_on_commit
from .tasks import deliver_webhook
from .webhooks import Event, record_change, watched_models
from .webhooks.delivery import is_draft_state

__all__ = ["connect", "notify"]

_watched = None


def _is_watched(model):
    global _watched
    if _watched is not None:
        return model in _watched
    watched = frozenset(watched_models())
    # Kept once every app is ready: before that, snippets may still be unregistered.
    if apps.ready:
        _watched = watched
    return model in watched


def notify(instance, event):
    """Record ``event`` of ``instance`` for every endpoint that wants it, sent after commit."""
    for row in record_change(instance, event):
        enqueue_on_commit(deliver_webhook, row.pk)


def _page_published(sender, instance, **kwargs):
    if _is_watched(sender):
        notify(instance, Event.PUBLISHED)


def _page_unpublished(sender, instance, **kwargs):
    if _is_watched(sender):
        notify(instance, Event.UNPUBLISHED)


# Wagtail sends these for pages too, beside page_published and page_unpublished.
def _published(sender, instance, **kwargs):
    if _is_watched(sender) and not issubclass(sender, Page):
        notify(instance, Event.PUBLISHED)


def _unpublished(sender, instance, **kwargs):
    if _is_watched(sender) and not issubclass(sender, Page):
        notify(instance, Event.UNPUBLISHED)


def _saved(sender, instance, raw=False, **kwargs):
    # Pages and snippets with drafts change what visitors see only when published.
    if raw or not _is_watched(sender) or issubclass(sender, Page) or is_draft_state(sender):
        return
    notify(instance, Event.PUBLISHED)


def _deleted(sender, instance, **kwargs):
    if not _is_watched(sender):
        return
    # A page nobody could ever see is not news to the portal.
    if isinstance(instance, Page) and instance.first_published_at is None:
        return
    notify(instance, Event.DELETED)


def connect():
    """Connect the receivers (from ``EmbedConfig.ready()``); which models count is read later,
    when the first signal comes, once every snippet is registered."""
    page_published.connect(_page_published, dispatch_uid="integration_webhook_page_published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="integration_webhook_page_unpublished")
    published.connect(_published, dispatch_uid="integration_webhook_published")
    unpublished.connect(_unpublished, dispatch_uid="integration_webhook_unpublished")
    post_save.connect(_saved, dispatch_uid="integration_webhook_saved")
    post_delete.connect(_deleted, dispatch_uid="integration_webhook_deleted")
