"""example_site/home/management/commands/configure_demo_site.py and `make demo`'s use of it."""

import datetime as dt
import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from tests import factories

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_site():
    factories.ensure_default_site()
    return Site.objects.get(is_default_site=True)


def series_below(root):
    """A published monthly series below a new event index under ``root``."""
    bounds = (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    return factories.series(factories.event_index(root, slug="veranstaltungen"), materialise=bounds)


def test_the_default_site_gets_the_host_and_port_the_demo_serves_on(default_site):
    out = StringIO()
    call_command("configure_demo_site", "--port", "8765", stdout=out)
    default_site.refresh_from_db()
    assert (default_site.hostname, default_site.port) == ("127.0.0.1", 8765)
    assert "http://127.0.0.1:8765/" in out.getvalue()


def test_without_options_the_site_is_the_one_of_the_default_port(default_site):
    call_command("configure_demo_site", stdout=StringIO())
    default_site.refresh_from_db()
    assert default_site.root_url == "http://127.0.0.1:8000"


def test_the_api_and_the_feeds_give_addresses_that_open_on_the_demo(client, default_site):
    series = series_below(default_site.root_page)
    call_command("configure_demo_site", "--port", "8765", stdout=StringIO())
    body = client.get(
        "/api/integration/v1/occurrences?start=2026-03-01&end=2026-03-31",
        HTTP_HOST="127.0.0.1:8765",
    ).json()
    item = body["items"][0]
    assert item["url"].startswith("http://127.0.0.1:8765/")
    assert item["ical_url"] == item["url"] + "ical/"
    feed = client.get(series.url + "ical/", HTTP_HOST="127.0.0.1:8765").content.decode()
    assert "URL:http://127.0.0.1:8765/" in feed.replace("\r\n ", "")
    assert "localhost" not in feed


def test_a_port_out_of_range_is_refused(default_site):
    with pytest.raises(CommandError, match="between 1 and 65535"):
        call_command("configure_demo_site", "--port", "0")


def test_without_a_default_site_the_command_says_what_to_run_first():
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="load_demo_data"):
        call_command("configure_demo_site")


@pytest.mark.parametrize("how", ["make demo PORT=8765", "PORT=8765 make demo"])
def test_make_demo_sets_the_site_and_the_admin_address_to_the_port_it_serves_on(how):
    argument, env = (["PORT=8765"], {}) if how.startswith("make") else ([], {"PORT": "8765"})
    # As a person types it: not as a sub-make of CI's `make test`, whose command-line variables
    # (VENV=.venv-lowest on the other stacks) and directory messages would reach this make.
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PORT", "VENV", "PYTHON")
    clean = {name: value for name, value in os.environ.items() if name not in outer}
    result = subprocess.run(  # noqa: S603
        ["make", "--no-print-directory", "-n", "demo", *argument],  # noqa: S607
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    commands = result.stdout.splitlines()
    configure = commands.index(
        ".venv/bin/python manage.py configure_demo_site --hostname 127.0.0.1 --port 8765"
    )
    assert configure > commands.index(".venv/bin/python manage.py load_demo_data")
    # The dev settings read PORT for WAGTAILADMIN_BASE_URL (tests/example_site/test_settings.py),
    # and EMBED_ORIGINS for the origin `make portal` serves on (docs/embedding.md).
    assert commands[-1] == (
        "PORT=8765 EMBED_ORIGINS=${EMBED_ORIGINS:-http://127.0.0.1:8001} "
        ".venv/bin/python manage.py runserver 127.0.0.1:8765"
    )
