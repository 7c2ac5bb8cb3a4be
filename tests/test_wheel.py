"""The built wheel: what it holds, and a host site that installs it into a fresh virtualenv.

Slow (a wheel build, a new virtual environment and every dependency installed into it, from pip's
cache after the first run); select or leave it out with ``-m wheel`` / ``-m "not wheel"``. The
wheel is built once and the host site set up once for the whole module; both live in temporary
directories outside the checkout, so the source tree cannot be imported by accident.
"""

import ast
import json
import os
import shlex
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from pprint import pformat

import pytest

pytestmark = pytest.mark.wheel

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_integration"
SOURCE = CHECKOUT / PACKAGE
GERMAN_PO = SOURCE / "locale" / "de" / "LC_MESSAGES" / "django.po"
GERMAN_MO = f"{PACKAGE}/locale/de/LC_MESSAGES/django.mo"


def host_settings():
    """The host's settings, with the example site's app, middleware and language lists.

    The lists are the ones docs/installation.md tells a host site to use (less the example site's
    own apps); taking them from the example site keeps one copy of them.
    """
    from example_site.settings import base

    apps = [app for app in base.INSTALLED_APPS if not app.startswith("example_site.")]
    return (
        HOST_SETTINGS.replace("{installed_apps}", pformat(apps))
        .replace("{middleware}", pformat(base.MIDDLEWARE))
        .replace("{languages}", pformat(base.LANGUAGES))
    )


# Directory names that belong to the repository, not to the installed package.
NOT_IN_WHEEL = {"example_site", "tests", "fixtures", "__pycache__"}

# Output longer than this is cut to its end in failure messages: the end says what went wrong.
OUTPUT_TAIL = 20_000

# The host project: only what a city's own Wagtail site has to add to use the package.
HOST_SETTINGS = '''\
"""Settings of a minimal host site that uses the installed wagtail-integration."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "wheel-test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = {installed_apps}

MIDDLEWARE = {middleware}

ROOT_URLCONF = "host_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "host.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "de"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = {languages}
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

WAGTAIL_SITE_NAME = "Host site"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

WAGTAIL_INTEGRATION = {}
'''

HOST_URLS = '''\
"""URLs of the host site: the package before Wagtail's catch-all."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("wagtail_integration.urls")),
]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)))
'''

# As the docstring of wagtail_integration/celery.py tells a host site to write it.
HOST_CELERY = '''\
"""The host site's Celery app, with the package's periodic jobs."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host_site.settings")

app = Celery("host_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def add_package_schedule(sender, **kwargs):
    from wagtail_integration.celery import beat_schedule

    sender.conf.beat_schedule = {**beat_schedule(), **(sender.conf.beat_schedule or {})}
'''

HOST_INIT = """\
from .celery import app as celery_app

__all__ = ["celery_app"]
"""

HOST_MANAGE = """\
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""

# Reads {"language": ..., "msgid": ...} on stdin, prints the translation as JSON on stdout.
HOST_TRANSLATE = """\
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host_site.settings")
import django

django.setup()
from django.utils import translation

request = json.load(sys.stdin)
translation.activate(request["language"])
print(json.dumps(translation.gettext(request["msgid"])))
"""

# Checks that the installed package's models have every migration they need.
HOST_MIGRATIONS_CHECK = """\
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host_site.settings")
import django

django.setup()
from django.apps import apps
from django.core.management import call_command

labels = [c.label for c in apps.get_app_configs() if c.name.split(".")[0] == "wagtail_integration"]
call_command("makemigrations", *labels, check=True, dry_run=True, verbosity=1)
"""


def _text(output):
    """Decode ``output`` (``TimeoutExpired`` may hold bytes) and keep its end."""
    if output is None:
        return ""
    if isinstance(output, bytes):
        output = output.decode(errors="replace")
    return output if len(output) <= OUTPUT_TAIL else "[…]" + output[-OUTPUT_TAIL:]


def run(args, *, cwd, env=None, stdin=None, timeout=600):
    """Run ``args`` and return the result; fail the test with its output unless it succeeds."""
    command = shlex.join(str(a) for a in args)
    try:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"`{command}` (in {cwd}) did not finish in {timeout} s.\n"
            f"--- stdout ---\n{_text(exc.stdout)}\n--- stderr ---\n{_text(exc.stderr)}",
            pytrace=False,
        )
    if result.returncode != 0:
        pytest.fail(
            f"`{command}` (in {cwd}) exited with {result.returncode}.\n"
            f"--- stdout ---\n{_text(result.stdout)}\n--- stderr ---\n{_text(result.stderr)}",
            pytrace=False,
        )
    return result


def temporary_directory(purpose):
    """A temporary directory for ``purpose``, which must lie outside the checkout."""
    tmp = tempfile.TemporaryDirectory(prefix=f"wagtail-integration-{purpose}-")
    assert not Path(tmp.name).resolve().is_relative_to(CHECKOUT), (
        f"The temporary directory {tmp.name} lies inside the checkout {CHECKOUT}, so the source "
        "tree would be importable there; point TMPDIR elsewhere."
    )
    return tmp


def source_files_the_wheel_needs():
    """Paths (as in the wheel) of the source tree's modules, templates, static files and .mo."""
    needed = set()
    for path in SOURCE.rglob("*"):
        rel = path.relative_to(CHECKOUT)
        if not path.is_file() or "__pycache__" in rel.parts:
            continue
        in_asset_dir = {"templates", "static"} & set(rel.parts[1:-1])
        compiled_catalog = (
            len(rel.parts) == 5
            and rel.parts[1] == "locale"
            and rel.parts[3] == "LC_MESSAGES"
            and path.suffix == ".mo"
        )
        if path.suffix == ".py" or in_asset_dir or compiled_catalog:
            needed.add(rel.as_posix())
    return needed


def po_entries(text):
    """Yield the entries of a .po file as dicts: ``msgid``, ``msgstr``, … and a set of ``flags``."""
    entry, key = {"flags": set()}, None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # An entry ends where the next one's comments or keywords start after its msgstr.
        entry_complete = any(k.startswith("msgstr") for k in entry)
        if entry_complete and line.startswith(("#", "msgctxt", "msgid ")):
            yield entry
            entry, key = {"flags": set()}, None
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    if any(k.startswith("msgstr") for k in entry):
        yield entry


def german_translation_to_check():
    """A ``(msgid, msgstr)`` of the package's German catalog that translation must return."""
    if not GERMAN_PO.exists():
        pytest.fail(f"The package has no German catalog {GERMAN_PO.relative_to(CHECKOUT)}.")
    translated = [
        (entry["msgid"], entry["msgstr"])
        for entry in po_entries(GERMAN_PO.read_text(encoding="utf-8"))
        if entry.get("msgid")
        and entry.get("msgstr")
        and entry["msgstr"] != entry["msgid"]
        and "fuzzy" not in entry["flags"]
        and "msgctxt" not in entry
        and "msgid_plural" not in entry
    ]
    if not translated:
        pytest.fail(
            f"{GERMAN_PO.relative_to(CHECKOUT)} has no translated, non-fuzzy entry to check "
            "the installed catalog with."
        )
    # The longest message is the least likely to be translated by another app's catalog too.
    return max(translated, key=lambda pair: len(pair[0]))


def venv_python(venv):
    """The interpreter of the virtual environment ``venv``."""
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.fixture(scope="module")
def wheel():
    """The wheel built from the checkout, in a temporary directory."""
    with temporary_directory("wheel") as outdir:
        run([sys.executable, "-m", "build", "--wheel", "--outdir", outdir, CHECKOUT], cwd=outdir)
        wheels = sorted(Path(outdir).glob("*.whl"))
        assert len(wheels) == 1, f"Expected one wheel in {outdir}, found {wheels}."
        yield wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel):
    """The names of the files in the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


@pytest.fixture(scope="module")
def host(wheel):
    """A fresh virtualenv with the wheel installed, and a host project beside it.

    Returns a dict: ``python`` (the venv's interpreter), ``project`` (the directory with
    ``manage.py``, the working directory of every command) and ``env`` (their environment).
    """
    with temporary_directory("host") as root:
        root = Path(root)
        venv, project = root / "venv", root / "project"
        run([sys.executable, "-m", "venv", venv], cwd=root)
        python = venv_python(venv)
        run(
            [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", wheel],
            cwd=root,
            timeout=1800,
        )

        (project / "host_site").mkdir(parents=True)
        files = {
            "manage.py": HOST_MANAGE,
            "translate.py": HOST_TRANSLATE,
            "check_migrations.py": HOST_MIGRATIONS_CHECK,
            "host_site/__init__.py": HOST_INIT,
            "host_site/celery.py": HOST_CELERY,
            "host_site/settings.py": host_settings(),
            "host_site/urls.py": HOST_URLS,
        }
        for name, content in files.items():
            (project / name).write_text(content, encoding="utf-8")

        # Nothing of the checkout or of the test run's own environment may leak in.
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(DJANGO_SETTINGS_MODULE="host_site.settings", PYTHONNOUSERSITE="1")
        yield {"python": python, "project": project, "env": env}


def host_run(host, *args, **kwargs):
    """Run the host venv's Python with ``args`` in the host project."""
    return run([host["python"], *args], cwd=host["project"], env=host["env"], **kwargs)


def test_wheel_contains_every_module_template_static_file_and_compiled_catalog(wheel_names):
    missing = sorted(source_files_the_wheel_needs() - wheel_names)
    assert not missing, f"Files of the source tree missing from the wheel: {missing}"


def test_wheel_contains_every_package_with_its_migrations(wheel_names):
    packages = sorted(
        path.parent.relative_to(CHECKOUT).as_posix()
        for path in SOURCE.rglob("__init__.py")
        if "__pycache__" not in path.parts
    )
    assert f"{PACKAGE}/migrations" in packages
    missing = [p for p in packages if f"{p}/__init__.py" not in wheel_names]
    assert not missing, f"Packages missing from the wheel: {missing}"


def test_wheel_contains_the_compiled_german_catalog(wheel_names):
    assert GERMAN_MO in wheel_names, (
        f"{GERMAN_MO} is not in the wheel; compile the catalogs with `make messages`."
    )


def test_wheel_holds_only_the_package_and_its_metadata(wheel_names):
    strays = sorted(
        name
        for name in wheel_names
        if (name.split("/")[0] != PACKAGE and not name.split("/")[0].endswith(".dist-info"))
        or NOT_IN_WHEEL & set(name.split("/"))
        or name.endswith((".pyc", ".pyo"))
    )
    assert not strays, f"The wheel holds files a host site must not get: {strays}"


def test_installed_package_is_imported_from_the_fresh_venv_not_the_checkout(host):
    result = host_run(
        host,
        "-c",
        "import json, sysconfig, wagtail_integration; "
        "print(json.dumps([wagtail_integration.__file__, sysconfig.get_paths()['purelib']]))",
    )
    module_file, site_packages = (Path(p).resolve() for p in json.loads(result.stdout))
    assert module_file.is_relative_to(site_packages), (
        f"wagtail_integration was imported from {module_file}, not from {site_packages}."
    )
    assert not module_file.is_relative_to(CHECKOUT)


def test_host_site_passes_django_checks(host):
    host_run(host, "manage.py", "check", "--fail-level", "WARNING")


def test_host_site_migrates(host):
    result = host_run(host, "manage.py", "migrate", "--noinput")
    assert f"Applying {PACKAGE}." in result.stdout, result.stdout


def test_installed_package_has_every_migration_its_models_need(host):
    host_run(host, "check_migrations.py")


def test_host_site_translates_a_package_message_into_german(host):
    msgid, msgstr = german_translation_to_check()
    result = host_run(host, "translate.py", stdin=json.dumps({"language": "de", "msgid": msgid}))
    translated = json.loads(result.stdout.strip().splitlines()[-1])
    assert translated == msgstr, (
        f"Django translated {msgid!r} into German as {translated!r}, the package's catalog says "
        f"{msgstr!r}. Is django.mo compiled from the current django.po (`make messages`)?"
    )
