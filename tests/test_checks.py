"""wagtail_integration/checks.py: the apps the package needs; what check --deploy warns of."""

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings
from wagtail.models import Site

from tests import factories
from wagtail_integration.checks import (
    REQUIRED_APPS,
    check_deployment,
    check_required_apps,
    check_translation_settings,
    deployment_problems,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent

REDIS_CACHE = {
    "default": {
        "BACKEND": "wagtail_integration.cache.ResilientRedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

#: What a site fit for the public has: a worker on Redis, a shared cache, its own address.
PUBLIC = {
    "DEBUG": False,
    "CELERY_TASK_ALWAYS_EAGER": False,
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    "CACHES": REDIS_CACHE,
    "WAGTAILADMIN_BASE_URL": "https://integration.koblenz.example",
}


@contextmanager
def site_settings(**changes):
    """The public settings, less or more what a test changes."""
    with override_settings(**{**PUBLIC, **changes}):
        yield


@pytest.fixture
def public_site(db):
    """The default Site under its public name."""
    factories.ensure_default_site()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "integration.koblenz.example", 443
    site.save()
    return site


def ids(messages):
    return [message.id for message in messages]


# The apps the package needs.


def test_the_example_site_has_every_app_the_package_needs():
    assert check_required_apps() == []


def test_the_apps_required_are_those_whose_absence_breaks_the_package():
    # Measured: without wagtail.contrib.routable_page the feeds and thank-you pages still answer
    # (RoutablePageMixin needs no installed app), and no code of the package uses sitemaps.
    assert set(REQUIRED_APPS) == {"wagtail.contrib.settings", "wagtail.documents", "recurrence"}


CHECK_WITHOUT = """
import sys
from django.conf import settings
import example_site.settings.test as base
values = {name: getattr(base, name) for name in dir(base) if name.isupper()}
values["INSTALLED_APPS"] = [app for app in base.INSTALLED_APPS if app != sys.argv[1]]
settings.configure(**values)
import django
django.setup()
from django.core.management import call_command
call_command("check")
"""


# Two of the package's own apps that nothing else builds on: without the check, such a site
# would start.
@pytest.mark.parametrize(
    "app", [*sorted(REQUIRED_APPS), "wagtail_integration.honours", "wagtail_integration.embed"]
)
def test_a_missing_app_the_package_needs_is_a_system_check_error(app):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHECK_WITHOUT, app],
        cwd=PROJECT_DIR,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "wagtail_integration.E003" in result.stderr
    assert f"INSTALLED_APPS lacks '{app}'" in result.stderr
    assert "django.urls.exceptions.NoReverseMatch" not in result.stderr


def test_the_example_site_keeps_new_translations_drafts():
    assert check_translation_settings() == []


@pytest.mark.parametrize("value", [True, None])
def test_wagtail_localize_publishing_new_translations_is_a_warning(settings, value):
    if value is None:  # wagtail-localize's default
        del settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
    else:
        settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = value
    (warning,) = check_translation_settings()
    assert warning.id == "wagtail_integration.W002"
    assert "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False" in warning.hint
    assert warning in checks.run_checks()


# What check --deploy warns about.


def test_a_site_fit_for_the_public_gets_no_warning(public_site):
    with site_settings():
        assert check_deployment() == []


def test_nothing_is_a_problem_under_debug_even_a_demo_configuration(db):
    factories.ensure_default_site()
    with override_settings(DEBUG=True, CELERY_TASK_ALWAYS_EAGER=True, CACHES=LOCAL_CACHE):
        assert deployment_problems() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"CELERY_TASK_ALWAYS_EAGER": True}, "wagtail_integration.W010"),
        ({"CELERY_BROKER_URL": "memory://"}, "wagtail_integration.W011"),
        ({"CACHES": LOCAL_CACHE, "WAGTAIL_INTEGRATION": {"RESPONSE_CACHE_SECONDS": 0}}, "W012"),
        ({"CACHES": LOCAL_CACHE, "WAGTAIL_INTEGRATION": {"SUBMISSION_RATE_LIMIT": ""}}, "W013"),
        ({"WAGTAILADMIN_BASE_URL": ""}, "wagtail_integration.W014"),
        ({"WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000"}, "wagtail_integration.W014"),
        ({"WAGTAILADMIN_BASE_URL": "http://localhost"}, "wagtail_integration.W014"),
    ],
    ids=["eager", "memory-broker", "rate-limit-cache", "answer-cache", "no-base-url",
         "loopback-base-url", "localhost-base-url"],
)  # fmt: skip
def test_each_demo_setting_is_one_deploy_warning_with_a_hint(public_site, changes, expected):
    expected = expected if "." in expected else f"wagtail_integration.{expected}"
    with site_settings(**changes):
        messages = check_deployment()
    assert ids(messages) == [expected]
    assert all(isinstance(m, checks.Warning) and m.hint for m in messages)


def test_eager_mode_is_named_once_whatever_the_broker(public_site):
    with site_settings(CELERY_TASK_ALWAYS_EAGER=True, CELERY_BROKER_URL="memory://"):
        assert ids(check_deployment()) == ["wagtail_integration.W010"]


def test_a_file_or_dummy_cache_counts_as_per_process(public_site):
    for backend in ("filebased.FileBasedCache", "dummy.DummyCache"):
        caches = {"default": {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": "x"}}
        with site_settings(CACHES=caches):
            assert ids(check_deployment()) == [
                "wagtail_integration.W012",
                "wagtail_integration.W013",
            ]


def test_the_rate_limit_warning_follows_the_cache_django_ratelimit_uses(public_site):
    caches = {**REDIS_CACHE, "ratelimit": LOCAL_CACHE["default"]}
    with site_settings(CACHES=caches, RATELIMIT_USE_CACHE="ratelimit"):
        messages = check_deployment()
    assert ids(messages) == ["wagtail_integration.W012"]
    assert "“ratelimit”" in messages[0].msg
    with site_settings(CACHES=caches, RATELIMIT_USE_CACHE="ratelimit", RATELIMIT_ENABLE=False):
        assert check_deployment() == []


def test_a_default_site_still_named_localhost_is_a_warning_naming_its_address(public_site):
    public_site.hostname, public_site.port = "localhost", 80
    public_site.save()
    with site_settings():
        messages = check_deployment()
    assert ids(messages) == ["wagtail_integration.W015"]
    assert "http://localhost" in messages[0].msg
    assert "Settings → Sites" in messages[0].hint


def test_the_messages_of_the_check_are_english_whatever_the_active_language(public_site):
    from django.utils import translation

    with site_settings(CELERY_TASK_ALWAYS_EAGER=True), translation.override("de"):
        assert check_deployment()[0].msg.startswith("Background jobs run inside the web")


def test_the_deploy_warnings_run_only_under_check_deploy(public_site):
    with site_settings(CELERY_TASK_ALWAYS_EAGER=True):
        assert "wagtail_integration.W010" not in ids(checks.run_checks())
        assert "wagtail_integration.W010" in ids(checks.run_checks(include_deployment_checks=True))


def manage(*args, **env):
    """Run manage.py with the test settings and ``env``; return the finished process."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args, "--settings=example_site.settings.test"],
        cwd=PROJECT_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_before_migrate_warns_without_reading_the_missing_tables(tmp_path):
    result = manage("check", "--deploy", DATABASE_URL=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == 0, result.stderr
    # The test settings run Celery eager on a local-memory cache: exactly what a demo does.
    for expected in ("W010", "W012", "W013"):
        assert f"wagtail_integration.{expected}" in result.stderr
    assert "wagtail_integration.W015" not in result.stderr
    assert "Traceback" not in result.stderr
