"""The link checker's models moving from ``integration_topics`` to ``integration_linkcheck``.

A database at the state before the move (``integration_topics`` 0004, no ``integration_linkcheck``)
with links, checks, usages and reminders in it, migrated forward, keeps every row; and back again.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests import factories
from wagtail_integration.linkcheck.models import CheckedURL, LinkCheck, LinkUsage, ReviewReminder

BEFORE = [("integration_topics", "0004_guide_rich_text_blocks"), ("integration_linkcheck", None)]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    """Migrate the test database to ``targets``; return the apps of the state reached."""
    return MigrationExecutor(connection).migrate(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _table_names():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def test_links_checks_usages_and_reminders_survive_the_move_to_their_own_app():
    factories.ensure_default_site()
    guide = factories.guide(factories.topic_index(), title="Sprachkurse")
    organisation = factories.organisation(name="Caritas", website="https://caritas.example/")
    editor = get_user_model().objects.create_user("redaktion", "redaktion@example.org", "x")
    # Content types made by an earlier migrate, as a site at the old state has them.
    ContentType.objects.filter(app_label="integration_linkcheck").delete()
    ContentType.objects.get_or_create(app_label="integration_topics", model="checkedurl")

    old = _migrate(BEFORE)
    assert "integration_topics_checkedurl" in _table_names()
    checked_at = timezone.now() - datetime.timedelta(days=2)
    url = old.get_model("integration_topics", "CheckedURL").objects.create(
        url="https://caritas.example/", key="k" * 64, host="caritas.example"
    )
    check = old.get_model("integration_topics", "LinkCheck").objects.create(
        checked_url=url, checked_at=checked_at, kind="broken", status_code=404
    )
    url.latest_check = check
    url.failing_since = checked_at
    url.save()
    old.get_model("integration_topics", "LinkUsage").objects.create(
        checked_url=url, guide_id=guide.pk, field="links", text="Kursfinder"
    )
    old.get_model("integration_topics", "LinkUsage").objects.create(
        checked_url=url, organisation_id=organisation.pk, field="website"
    )
    old.get_model("integration_topics", "ReviewReminder").objects.create(
        guide_id=guide.pk, user_id=editor.pk, review_due=datetime.date(2026, 1, 1)
    )

    _migrate(_leaves())

    tables = _table_names()
    assert "integration_linkcheck_checkedurl" in tables
    assert "integration_topics_checkedurl" not in tables
    moved = CheckedURL.objects.get()
    assert (moved.pk, moved.url, moved.failing_since) == (url.pk, url.url, checked_at)
    assert moved.latest_check == LinkCheck.objects.get(pk=check.pk)
    assert moved.latest_check.status_code == 404
    assert {(u.guide_id, u.organisation_id) for u in LinkUsage.objects.all()} == {
        (guide.pk, None),
        (None, organisation.pk),
    }
    reminder = ReviewReminder.objects.get()
    assert (reminder.guide_id, reminder.user_id) == (guide.pk, editor.pk)
    labels = ContentType.objects.filter(model="checkedurl").values_list("app_label", flat=True)
    assert list(labels) == ["integration_linkcheck"]

    # And back: the rows return to the tables of integration_topics.
    old = _migrate(BEFORE)
    assert old.get_model("integration_topics", "CheckedURL").objects.get().url == url.url
    assert old.get_model("integration_topics", "ReviewReminder").objects.count() == 1
    _migrate(_leaves())
