"""Topics, topic indexes and guides."""

import datetime
import json
import uuid

from tests.factories.core import _numbers, _publish, locale, site_root
from wagtail_integration.topics.models import Topic, TopicGuidePage, TopicIndexPage


def topic(slug=None, name=None, sort_order=0, **fields):
    """A German topic."""
    number = next(_numbers)
    return Topic.objects.create(
        slug=slug or f"thema-{number}",
        name=name or f"Thema {number}",
        sort_order=sort_order,
        locale=locale("de"),
        **fields,
    )


def topic_index(parent=None, title="Themen", slug=None):
    """A published TopicIndexPage under ``parent`` (the default site's root)."""
    parent = parent or site_root()
    index = TopicIndexPage(title=title, slug=slug or f"themen-{next(_numbers)}")
    parent.add_child(instance=index)
    return _publish(index)


def guide(index, title=None, topic=None, body=(), live=True, **fields):
    """A TopicGuidePage under ``index``; published unless ``live`` is false.

    ``body`` is a list of ``(block type, stored value)``: ids for organisations, pages and
    documents, source HTML for rich text, as the database holds them.
    """
    number = next(_numbers)
    page = TopicGuidePage(
        title=title or f"Wegweiser {number}",
        slug=f"wegweiser-{number}",
        summary=fields.pop("summary", f"Kurz gesagt: Wegweiser {number}."),
        topic=topic,
        body=json.dumps(
            [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in body]
        ),
        last_reviewed=fields.pop("last_reviewed", datetime.date(2026, 1, 15)),
        **fields,
    )
    if not live:
        page.live = False
    index.add_child(instance=page)
    return _publish(page) if live else page
