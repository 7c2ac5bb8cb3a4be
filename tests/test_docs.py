"""The documentation: the configuration reference matches conf.DEFAULTS, the nav has no dead pages,
the installation guide's steps for a host site are complete, and the site builds without a
warning.

Plain tests: they read files and need no database.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail
import yaml

from tests.installation_steps import PROJECT, installation_steps
from wagtail_integration.conf import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
CONFIGURATION_MD = ROOT / "docs" / "configuration.md"

# A key's entry: the heading "### `KEY`", then (after blank lines) "Default: `<python literal>`".
KEY_HEADING = re.compile(r"^### `(?P<key>[^`]+)`\s*$")
DEFAULT_LINE = re.compile(r"^Default: `(?P<literal>[^`]*)`\s*$")


def documented_defaults(text):
    """Return ``{key: default literal}`` of the key entries in ``text``; fail on a malformed one."""
    lines = text.splitlines()
    documented = {}
    for number, line in enumerate(lines):
        match = KEY_HEADING.match(line)
        if not match:
            continue
        key = match["key"]
        assert key not in documented, f"configuration.md documents {key} twice"
        following = [other for other in lines[number + 1 :] if other.strip()]
        default = DEFAULT_LINE.match(following[0]) if following else None
        assert default, (
            f"configuration.md line {number + 1}: the heading of {key} must be followed by "
            "a line 'Default: `<python literal>`'"
        )
        documented[key] = default["literal"]
    return documented


def nav_pages(nav):
    """Yield every page file named in an mkdocs ``nav`` (nested sections included)."""
    if isinstance(nav, str):
        if "://" not in nav:  # an external link is not a page
            yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)


def test_configuration_reference_documents_exactly_the_keys_of_defaults():
    documented = documented_defaults(CONFIGURATION_MD.read_text(encoding="utf-8"))
    assert documented, "configuration.md documents no key at all"
    assert set(documented) == set(DEFAULTS), (
        f"undocumented: {sorted(set(DEFAULTS) - set(documented))}; "
        f"documented but not in DEFAULTS: {sorted(set(documented) - set(DEFAULTS))}"
    )


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_configuration_reference_states_the_real_default(key):
    literal = documented_defaults(CONFIGURATION_MD.read_text(encoding="utf-8")).get(key)
    assert literal is not None, f"configuration.md does not document {key}"
    documented = ast.literal_eval(literal)
    # Compare types too: 2 == 2.0, but the docs must say which one the code uses.
    assert (type(documented), documented) == (type(DEFAULTS[key]), DEFAULTS[key]), (
        f"configuration.md says the default of {key} is {literal}; "
        f"conf.DEFAULTS has {DEFAULTS[key]!r}"
    )


def test_every_page_in_the_mkdocs_nav_exists():
    config = yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    docs_dir = ROOT / config.get("docs_dir", "docs")
    pages = list(nav_pages(config.get("nav", [])))
    assert pages, "mkdocs.yml has no nav"
    missing = [page for page in pages if not (docs_dir / page).is_file()]
    assert not missing, f"pages in mkdocs.yml's nav that do not exist in {docs_dir}: {missing}"


def test_documentation_builds_in_strict_mode_without_a_warning(tmp_path):
    # Without --quiet, which keeps warnings from reaching --strict (mkdocs/mkdocs#4126): a broken
    # link or anchor would pass unnoticed.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(MKDOCS_YML)]
        + ["--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-5000:]}"


# The installation guide's host-site steps (tests/installation_steps.py), checked without the
# wheel: what the slow wheel test applies must at least be well formed and complete.

STOCK_SETTINGS = Path(wagtail.__file__).parent / "project_template" / "project_name" / "settings"


def documented_host_settings():
    """The settings of a ``wagtail start`` site after the guide's settings blocks.

    Runs the stock ``settings/base.py`` of the installed Wagtail, then every block the guide
    appends to it, and returns the resulting names.
    """
    namespace = {"__file__": str(STOCK_SETTINGS / "base.py"), "__name__": "mysite.settings.base"}
    exec((STOCK_SETTINGS / "base.py").read_text(encoding="utf-8"), namespace)  # noqa: S102
    stock_apps = list(namespace["INSTALLED_APPS"])
    for step in installation_steps():
        if step.action == "append" and step.path == f"{PROJECT}/settings/base.py":
            exec(compile(step.body, f"installation.md line {step.line}", "exec"), namespace)  # noqa: S102
    return namespace, stock_apps


def package_app_names():
    """The dotted names of the package's apps, from their ``apps.py`` files."""
    names = set()
    for apps_py in (ROOT / "wagtail_integration").rglob("apps.py"):
        names.update(re.findall(r'^\s+name = "([^"]+)"', apps_py.read_text(encoding="utf-8"), re.M))
    return names


def test_installation_guide_gives_a_host_site_settings_celery_urls_and_commands():
    steps = installation_steps()
    written = {step.path for step in steps if step.action == "write"}
    assert written == {f"{PROJECT}/celery.py", f"{PROJECT}/__init__.py", f"{PROJECT}/urls.py"}
    commands = [args for step in steps if step.action == "run" for args in step.commands()]
    assert ["python", "manage.py", "migrate"] in commands
    assert ["python", "manage.py", "check"] in commands
    for step in steps:
        if step.action != "run":
            compile(step.body, f"installation.md line {step.line}", "exec")


def test_installation_guide_keeps_every_stock_app_and_adds_every_app_the_package_needs():
    settings, stock_apps = documented_host_settings()
    apps = settings["INSTALLED_APPS"]
    assert len(apps) == len(set(apps)), f"an app is listed twice: {apps}"
    needed = package_app_names() | {
        "wagtail.contrib.settings",  # the forms' site setting; without it no admin page opens
        "wagtail_localize",
        "wagtail_localize.locales",
        "recurrence",
        "corsheaders",
    }
    assert not needed - set(apps), f"not in the documented list: {sorted(needed - set(apps))}"
    assert not set(stock_apps) - set(apps), f"stock apps dropped: {set(stock_apps) - set(apps)}"
    assert "wagtail.locales" not in apps
    assert apps.index("wagtail_integration") < apps.index("wagtail_integration.directory")


def test_installation_guide_sets_the_settings_a_stock_site_lacks():
    settings, _stock_apps = documented_host_settings()
    assert settings["DEFAULT_AUTO_FIELD"] == "django.db.models.BigAutoField"
    assert settings["DATABASES"]["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    middleware = settings["MIDDLEWARE"]
    assert middleware[0] == "corsheaders.middleware.CorsMiddleware"
    locale = middleware.index("django.middleware.locale.LocaleMiddleware")
    assert middleware.index("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < middleware.index("django.middleware.common.CommonMiddleware")
    languages = dict(settings["WAGTAIL_CONTENT_LANGUAGES"])
    assert settings["LANGUAGE_CODE"] in languages and settings["WAGTAIL_I18N_ENABLED"]
    assert settings["CELERY_TIMEZONE"] == settings["TIME_ZONE"]
