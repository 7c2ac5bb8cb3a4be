"""The built wheel: what it holds, and a host site that installs it as docs/installation.md says.

Slow (a wheel build, a new virtual environment and every dependency installed into it, from pip's
cache after the first run); select or leave it out with ``-m wheel`` / ``-m "not wheel"``. The
wheel is built once and the host site set up once for the whole module; both live in temporary
directories outside the checkout, so the source tree cannot be imported by accident.

The host site is what a city's developer has: a site made with the fresh venv's own
``wagtail start mysite``, migrated once before the package came (so its content is in the locale
English, as on every such site). It is then given exactly the blocks of docs/installation.md that
are marked for it (``tests/installation_steps.py``), in the page's order: settings, Celery app,
URLs, migrate and check, the relabelling of the existing content. Nothing else is added, so a
step the page leaves out fails here.
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

import pytest

from tests.installation_steps import PROJECT, apply_step, installation_steps

pytestmark = pytest.mark.wheel

CHECKOUT = Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_integration"
SOURCE = CHECKOUT / PACKAGE
GERMAN_PO = SOURCE / "locale" / "de" / "LC_MESSAGES" / "django.po"
GERMAN_MO = f"{PACKAGE}/locale/de/LC_MESSAGES/django.mo"


# Directory names that belong to the repository, not to the installed package.
NOT_IN_WHEEL = {"example_site", "tests", "fixtures", "__pycache__"}

# Output longer than this is cut to its end in failure messages: the end says what went wrong.
OUTPUT_TAIL = 20_000

#: The settings module of a ``wagtail start`` site's manage.py, wsgi.py and (per the docs) Celery.
HOST_SETTINGS_MODULE = f"{PROJECT}.settings.dev"

#: The package's page types: the admin probe must find at least these (it opens every one).
PAGE_TYPES = {
    "integration_directory.OrganisationDirectoryPage",
    "integration_events.EventIndexPage",
    "integration_events.EventSeriesPage",
    "integration_honours.HonourIndexPage",
    "integration_honours.HonourRecipientPage",
    "integration_honours.NominationFormPage",
    "integration_topics.TopicGuidePage",
    "integration_topics.TopicIndexPage",
    "integration_volunteering.VolunteerFormPage",
}

# Reads {"language": ..., "msgid": ...} on stdin, prints the translation as JSON on stdout.
HOST_TRANSLATE = """\
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")
import django

django.setup()
from django.utils import translation

request = json.load(sys.stdin)
translation.activate(request["language"])
print(json.dumps(translation.gettext(request["msgid"])))
"""

# Checks that no installed app needs a migration: the package's apps, and django-recurrence,
# which would get one inside site-packages without the documented DEFAULT_AUTO_FIELD.
HOST_MIGRATIONS_CHECK = """\
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")
import django

django.setup()
from django.core.management import call_command

call_command("makemigrations", check=True, dry_run=True, verbosity=1)
"""

# Prints, as JSON, what the documented Celery app knows: its settings module, its periodic jobs
# and its tasks (autodiscovered from the installed apps, as a worker would).
HOST_CELERY_PROBE = """\
import json
import os

from mysite import celery_app

celery_app.loader.import_default_modules()
print(json.dumps({
    "settings": os.environ["DJANGO_SETTINGS_MODULE"],
    "beat_schedule": {name: job["task"] for name, job in celery_app.conf.beat_schedule.items()},
    "tasks": sorted(celery_app.tasks),
}))
"""

# Opens the package's site setting and the "add page" form of each of its page types (under the
# home page, or under a new page of a type it may live under) as a superuser, with Django's test
# client through the site's whole middleware and URLconf. A view that raises fails the script;
# prints {"label": {"url": ..., "status": ..., "editor": bool}} as JSON on its last line.
# The web components' script as the host site serves it from the installed wheel: its size
# gzipped and the content languages it speaks.
HOST_SCRIPT_PROBE = """\
import gzip
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")
import django

django.setup()
from django.test import Client

response = Client().get("/integration/embed.js")
print(json.dumps({
    "status": response.status_code,
    "gzipped": len(gzip.compress(response.content, compresslevel=9)),
    "defines": response.content.count(b"integration-"),
}))
"""

HOST_ADMIN_PROBE = """\
import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")
import django

django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page, Site

user, _ = get_user_model().objects.get_or_create(
    username="wheel-test-admin", defaults={"is_superuser": True, "is_staff": True}
)
client = Client()
client.force_login(user)
home = Site.objects.get(is_default_site=True).root_page.specific


def parent_for(model):
    allowed = model.allowed_parent_page_models()
    if home.specific_class in allowed:
        return home
    parent_model = next(m for m in allowed if m in home.specific_class.allowed_subpage_models())
    name = parent_model._meta.model_name
    return parent_model.objects.child_of(home).first() or home.add_child(
        instance=parent_model(title=name, slug=f"wheel-test-{name}")
    )


def opened(url):
    response = client.get(url, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    html = response.content.decode()
    editor = "data-edit-form" in html and f'action="{final}"' in html
    return {"url": final, "status": response.status_code, "editor": editor}


results = {
    "locales": {
        "default": Locale.get_default().language_code,
        "home": home.locale.language_code,
    },
    "settings": opened(
        reverse("wagtailsettings:edit", args=["integration_submissions", "submissionsettings"])
    ),
}
for model in apps.get_models():
    if issubclass(model, Page) and model.__module__.startswith("wagtail_integration."):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent_for(model).pk],
        )
        results[model._meta.label] = opened(url)
print(json.dumps(results))
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


def last_json_line(result):
    """The JSON a host script printed on its last line of output."""
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def host(wheel):
    """A fresh virtualenv with the wheel, and a ``wagtail start`` site given the documented steps.

    Returns a dict: ``python`` (the venv's interpreter), ``project`` (the directory with
    ``manage.py``, the working directory of every command), ``env`` (their environment) and
    ``outputs`` (the result of each command of the docs' ``run`` steps, by its command line).
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
        # Nothing of the checkout or of the test run's own environment may leak in; manage.py
        # chooses the settings as on any host site.
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(PYTHONNOUSERSITE="1")

        project.mkdir()
        wagtail_cli = python.with_name("wagtail.exe" if os.name == "nt" else "wagtail")
        run([wagtail_cli, "start", PROJECT, project], cwd=root, env=env)
        # The site existed before the package: its first migrate put its home page in English.
        run([python, "manage.py", "migrate", "--noinput"], cwd=project, env=env)

        outputs = {}

        def run_documented(args):
            outputs[shlex.join(args)] = run([python, *args], cwd=project, env=env, stdin="")

        for step in installation_steps():
            apply_step(step, project, run_documented)

        scripts = {
            "translate.py": HOST_TRANSLATE,
            "check_migrations.py": HOST_MIGRATIONS_CHECK,
            "celery_probe.py": HOST_CELERY_PROBE,
            "admin_probe.py": HOST_ADMIN_PROBE,
            "script_probe.py": HOST_SCRIPT_PROBE,
        }
        for name, content in scripts.items():
            (project / name).write_text(content, encoding="utf-8")
        yield {"python": python, "project": project, "env": env, "outputs": outputs}


def host_run(host, *args, **kwargs):
    """Run the host venv's Python with ``args`` in the host project."""
    return run([host["python"], *args], cwd=host["project"], env=host["env"], **kwargs)


@pytest.fixture(scope="module")
def admin_pages(host):
    """What the admin probe found: the locales, the site setting and every page type's editor."""
    return last_json_line(host_run(host, "admin_probe.py"))


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


def test_host_site_passes_django_checks_without_a_warning(host):
    host_run(host, "manage.py", "check", "--fail-level", "WARNING")


def test_host_site_migrates_the_package_as_documented(host):
    migrate = host["outputs"].get("manage.py migrate")
    assert migrate is not None, (
        f"docs/installation.md runs no `python manage.py migrate`; it ran {list(host['outputs'])}"
    )
    assert f"Applying {PACKAGE}." in migrate.stdout, migrate.stdout


def test_host_site_needs_no_migration_of_any_installed_app(host):
    host_run(host, "check_migrations.py")


def test_host_site_existing_content_is_in_the_default_locale_after_the_documented_steps(
    admin_pages,
):
    assert admin_pages["locales"] == {"default": "de", "home": "de"}


def test_host_site_celery_app_uses_the_sites_settings_and_knows_the_package_jobs(host):
    found = last_json_line(host_run(host, "celery_probe.py"))
    assert found["settings"] == HOST_SETTINGS_MODULE
    schedule = found["beat_schedule"]
    assert "wagtail-integration-heartbeat" in schedule, schedule
    missing = sorted(set(schedule.values()) - set(found["tasks"]))
    assert not missing, f"The host's Celery app does not know these scheduled tasks: {missing}"


def test_host_admin_opens_the_package_site_setting(admin_pages):
    assert admin_pages["settings"]["status"] == 200, admin_pages["settings"]
    assert admin_pages["settings"]["editor"], admin_pages["settings"]


def test_host_admin_opens_the_editor_of_every_package_page_type(admin_pages):
    opened = {label: page for label, page in admin_pages.items() if "." in label}
    assert PAGE_TYPES <= set(opened), f"page types not found: {PAGE_TYPES - set(opened)}"
    failed = {
        label: page for label, page in opened.items() if page["status"] != 200 or not page["editor"]
    }
    assert not failed, f"editors that did not open as a page form: {failed}"


def test_host_site_serves_the_web_components_under_ten_kilobytes_gzipped(host):
    # The file the wheel ships, with the words of every language of the host site.
    probe = last_json_line(host_run(host, "script_probe.py"))
    assert probe["status"] == 200, probe
    assert probe["gzipped"] <= 10 * 1024, probe
    assert probe["defines"] >= 6, probe


def test_host_site_translates_a_package_message_into_german(host):
    msgid, msgstr = german_translation_to_check()
    result = host_run(host, "translate.py", stdin=json.dumps({"language": "de", "msgid": msgid}))
    translated = json.loads(result.stdout.strip().splitlines()[-1])
    assert translated == msgstr, (
        f"Django translated {msgid!r} into German as {translated!r}, the package's catalog says "
        f"{msgstr!r}. Is django.mo compiled from the current django.po (`make messages`)?"
    )
