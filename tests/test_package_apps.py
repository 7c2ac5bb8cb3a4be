"""The package's apps are installed together, and each registers itself; the core names none.

Decision (docs/installation.md, "Add the apps"): no domain app is optional. The domains build
on one another (an organisation's topics, an event's venue, a volunteer's Stammtisch), so a site
installs the core with all of them, and ``check`` refuses a site that lacks one.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from wagtail import blocks

from wagtail_integration.api.urls import domain_routers
from wagtail_integration.celery import beat_schedule
from wagtail_integration.checks import check_required_apps, package_apps
from wagtail_integration.topics.blocks import GUIDE_BODY_BLOCKS, register_guide_block
from wagtail_integration.topics.models import TopicGuidePage

PROJECT_DIR = Path(__file__).resolve().parent.parent
CORE_MODULES = ["apps", "celery", "content_cache", "urls"]
DOMAINS = [
    "directory",
    "topics",
    "events",
    "linkcheck",
    "submissions",
    "volunteering",
    "honours",
    "registrations",
]


def test_every_app_of_the_package_is_installed_on_the_example_site():
    assert set(package_apps()) <= set(settings.INSTALLED_APPS)
    assert check_required_apps() == []


# A site without one of the package's apps is refused by `check`: tests/test_checks.py.


@pytest.mark.parametrize("module", CORE_MODULES)
def test_the_core_names_no_domain(module):
    source = (PROJECT_DIR / "wagtail_integration" / f"{module}.py").read_text()
    for domain in DOMAINS:
        assert f"wagtail_integration.{domain}" not in source
        assert f"integration_{domain}" not in source


def test_each_domain_brings_its_api_router_in_the_order_of_installed_apps():
    assert domain_routers() == [
        f"wagtail_integration.{domain}.api.router"
        for domain in ["directory", "topics", "events", "submissions", "honours", "registrations"]
    ]


BEAT_BEFORE_SETUP = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "example_site.settings.test"
from wagtail_integration.celery import beat_schedule
print(sorted(beat_schedule()))
"""


def test_the_beat_schedule_is_the_same_before_django_sets_up_its_apps():
    # A host site's celery.py may ask for it while its settings are still loading.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", BEAT_BEFORE_SETUP],
        cwd=PROJECT_DIR,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == str(sorted(beat_schedule()))


def test_the_events_app_adds_its_blocks_to_the_guides_body():
    blocks = TopicGuidePage._meta.get_field("body").stream_block.child_blocks
    assert list(blocks)[-2:] == ["next_stammtisch", "upcoming_events"]
    assert type(blocks["upcoming_events"]).__module__ == "wagtail_integration.events.blocks"
    assert apps.is_installed("wagtail_integration.events")


def test_a_guide_block_registered_after_the_apps_are_ready_is_refused():
    # The guides' StreamField has built its block list by then: the block would never show.
    before = list(GUIDE_BODY_BLOCKS)
    with pytest.raises(RuntimeError, match="AppConfig.ready"):
        register_guide_block("late", blocks.CharBlock())
    assert before == GUIDE_BODY_BLOCKS


TOPICS_WITHOUT_EVENTS = """
import sys
from django.conf import settings
import example_site.settings.test as base
values = {name: getattr(base, name) for name in dir(base) if name.isupper()}
keep = ("wagtail_integration", "wagtail_integration.directory", "wagtail_integration.topics")
# The example site's pages offer every app's blocks, as a host site does: it stays out too.
values["INSTALLED_APPS"] = [
    app
    for app in base.INSTALLED_APPS
    if (not app.startswith("wagtail_integration") or app in keep)
    and not app.startswith("example_site")
]
settings.configure(**values)
import django
django.setup()
import wagtail_integration.topics.models
print(sorted(name for name in sys.modules if name.startswith("wagtail_integration.events")))
"""


def test_the_topic_guides_load_no_module_of_the_events_app():
    # The events' blocks reach the guides through register_guide_block, not an import.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", TOPICS_WITHOUT_EVENTS],
        cwd=PROJECT_DIR,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "[]"
