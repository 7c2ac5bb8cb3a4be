"""example_site/settings/production.py takes everything from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "integration.koblenz.example,www.koblenz.example",
    "DATABASE_URL": "postgres://city:secret@db.internal:5432/integration",
    "REDIS_URL": "redis://cache.internal:6379/1",
    "EMAIL_HOST": "smtp.internal",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
}

READ = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_host": settings.DATABASES["default"]["HOST"],
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "cache": settings.CACHES["default"]["BACKEND"],
    "email": [settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS],
}))
"""


def read_settings(module, env):
    """Import a settings module in a fresh interpreter with exactly ``env``; return the result."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.pop("DATABASE_URL", None)
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()\n" + READ],
        cwd=PROJECT_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_come_from_the_environment():
    result = read_settings("example_site.settings.production", PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "debug": False,
        "hosts": ["integration.koblenz.example", "www.koblenz.example"],
        "engine": "django.db.backends.postgresql",
        "db_host": "db.internal",
        "broker": "redis://cache.internal:6379/1",
        "eager": False,
        "cache": "wagtail_integration.cache.ResilientRedisCache",
        "email": ["smtp.internal", 587, True],
    }


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = read_settings("example_site.settings.production", env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production." in result.stderr


def test_dev_settings_use_sqlite_and_eager_celery_without_redis():
    result = read_settings("example_site.settings.dev", {"REDIS_URL": ""})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_dev_settings_use_celery_on_redis_when_redis_url_is_set():
    result = read_settings("example_site.settings.dev", {"REDIS_URL": "redis://127.0.0.1:6379/3"})
    values = json.loads(result.stdout)
    assert values["eager"] is False
    assert values["broker"] == "redis://127.0.0.1:6379/3"


def check_deploy(module, env):
    """Run ``manage.py check --deploy`` with ``module`` and exactly ``env``; return the process."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.pop("DATABASE_URL", None)
    clean.pop("WAGTAILADMIN_BASE_URL", None)
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", f"--settings={module}"],
        cwd=PROJECT_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_on_redis_and_postgresql_get_no_warning_of_the_package():
    # The database cannot be reached from here: the Site check says nothing rather than fail.
    env = {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://integration.koblenz.example"}
    result = check_deploy("example_site.settings.production", env)
    assert result.returncode == 0, result.stderr
    assert "wagtail_integration." not in result.stderr


def test_production_settings_without_an_admin_address_get_the_warning_of_the_package():
    result = check_deploy("example_site.settings.production", PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "(wagtail_integration.W014)" in result.stderr
    assert "http://127.0.0.1:8000" in result.stderr


@pytest.mark.parametrize(("port", "expected"), [("", "8000"), ("8765", "8765")])
def test_dev_settings_send_admin_links_to_the_port_the_demo_serves_on(port, expected):
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n"
            "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)",
        ],
        cwd=PROJECT_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"},
            "DJANGO_SETTINGS_MODULE": "example_site.settings.dev",
            "PORT": port,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"http://127.0.0.1:{expected}"
