"""Form intake under load: submissions per second, Redis up and Redis down (DESIGN §9).

``python bench/run.py --forms`` serves the example site with gunicorn on a PostgreSQL database
of the benchmark's own (``--database-url``; its name must contain "bench": it is dropped and
created again) and a redis-server of its own on a free port, as broker and cache. It creates a
volunteer form page, then measures with wrk, first with Redis up, then after stopping that
redis-server (by its pid):

- ``api-version``, the floor;
- ``form-html``: ``POST`` of the page's HTML form (CSRF cookie and token, a fill-time token
  older than the minimum), answered with a redirect to the thank-you page;
- ``form-api``: ``POST /api/integration/v1/forms/{id}/submissions`` with the same fields as
  JSON, answered 201 (measured where the API answers ``GET forms/{id}``).

After each measurement it counts the submissions stored meanwhile and compares them with the
successful answers: every answered submission must be stored, Redis up or down. A scenario
that does not answer as expected in a state is reported with its status, not measured.
The settings are the production settings with the rate limit off (``bench/settings_forms.py``).
"""

import http.cookies
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode, urlparse

from bench import BenchError
from bench.load import run_wrk
from bench.scenarios import SCENARIOS, TOKEN_PLACEHOLDER, Scenario, token_options
from bench.server import HOST_HEADER, Site, fetch_status, free_port, port_open

__all__ = ["DEFAULT_DATABASE_URL", "create_form_page", "make_tokens", "run_forms"]

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wagtail_integration_bench"
SETTINGS_MODULE = "bench.settings_forms"
FORM_SLUG = "bench-mitmachen"
MARKER = "BENCH-JSON "
#: The fill-time token must be at least this old (``SUBMISSION_MIN_FILL_SECONDS``, 3) and a margin.
TOKEN_AGE_SECONDS = 4
#: Tokens written for each second of a run: more than the intake takes on this kind of machine.
TOKENS_PER_SECOND = 3000

_INPUT = re.compile(r'<input[^>]*name="(csrfmiddlewaretoken|form_token)"[^>]*>')
_VALUE = re.compile(r'value="([^"]*)"')


# Inside Django (manage.py shell -c)


def create_form_page():
    """Publish a German volunteer form page below the home page; print its id, path, table."""
    from wagtail.models import Site as WagtailSite

    from wagtail_integration.volunteering.models import (
        VolunteerFormLanguage,
        VolunteerFormPage,
        VolunteerInterest,
    )

    home = WagtailSite.objects.get(is_default_site=True).root_page
    page = VolunteerFormPage(
        title="Mitmachen (Benchmark)",
        slug=FORM_SLUG,
        intro="<p>Sie möchten helfen? Schreiben Sie uns.</p>",
        privacy_notice="<p>Wir speichern Ihre Angaben nur für die Koordination.</p>",
        thank_you="<p>Danke! Wir melden uns.</p>",
        coordinator_emails="koordination@example.org",
    )
    page.offered_languages = [VolunteerFormLanguage(code="ar")]
    home.add_child(instance=page)
    page.save_revision().publish()
    result = {"id": page.pk, "path": page.url, "table": VolunteerInterest._meta.db_table}
    print(MARKER + json.dumps(result), flush=True)


def make_tokens(page_id, count, path, age_seconds):
    """Write ``count`` fresh one-use tokens of the form page ``page_id``, ``age_seconds`` old."""
    from wagtail_integration.submissions.spam import make_token

    issued = time.time() - age_seconds
    Path(path).write_text("".join(make_token(page_id, now=issued) + "\n" for _ in range(count)))
    print(MARKER + json.dumps({"path": str(path), "count": count}), flush=True)


# The harness


def _shell(site, code):
    output = site.manage("shell", "-c", code)
    for line in output.splitlines():
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    raise BenchError(f"manage.py shell printed no result:\n{output[-2000:]}")


class PrivateRedis:
    """A redis-server of the benchmark's own on a free port; ``stop()`` ends it by its pid."""

    def __init__(self):
        binary = shutil.which("redis-server")
        if not binary:
            raise BenchError("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process = subprocess.Popen(  # noqa: S603
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", self.port):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise BenchError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def queued(self):
        """Tasks waiting in Celery's default queue (no worker runs during the benchmark)."""
        import redis

        with closing(redis.Redis(port=self.port, socket_connect_timeout=2)) as client:
            return client.llen("celery")

    @property
    def pid(self):
        """The process id of the redis-server."""
        return self._process.pid

    @property
    def running(self):
        """Whether the redis-server is still running."""
        return self._process.poll() is None

    def stop(self):
        """Stop the redis-server, by its pid; idempotent."""
        if self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)


class FormsSite(Site):
    """The example site on PostgreSQL with the forms benchmark's settings."""

    def __init__(self, workdir, database_url, redis_url, workers, cache="redis"):
        super().__init__(workdir, settings="production", redis_url=redis_url, workers=workers)
        self.database_url = database_url
        self.cache = cache

    @property
    def env(self):
        env = super().env
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
            DATABASE_URL=self.database_url,
            BENCH_FORMS_CACHE=self.cache,
        )
        return env

    def prepare(self):
        """A new database with the demo data and the form page; returns the page's details."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log.unlink(missing_ok=True)
        recreate_database(self.database_url)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_data")
        return _shell(self, "from bench.forms import create_form_page; create_form_page()")


def connect_database(database_url, dbname=None):
    """A psycopg connection (autocommit) to ``database_url``, or to ``dbname`` on its server."""
    import psycopg

    url = urlparse(database_url)
    return psycopg.connect(
        host=url.hostname or "localhost",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password or None,
        dbname=dbname or url.path.lstrip("/"),
        autocommit=True,
        connect_timeout=10,
    )


def recreate_database(database_url):
    """Drop and create the benchmark's PostgreSQL database (its name must contain "bench")."""
    from psycopg import sql

    if not database_url.startswith(("postgres://", "postgresql://")):
        raise BenchError(f"--database-url must name a PostgreSQL database, not {database_url}")
    name = urlparse(database_url).path.lstrip("/")
    if "bench" not in name:
        raise BenchError(
            f"The database {name!r} is dropped and created again at every run: "
            "its name must contain 'bench'."
        )
    try:
        with closing(connect_database(database_url, dbname="postgres")) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except Exception as error:  # psycopg's errors, or none installed
        raise BenchError(f"Cannot create the database {name!r}: {error}") from error


def count_stored(database_url, table, page_id):
    """The submissions of the benchmark's form page in the database."""
    from psycopg import sql

    query = sql.SQL("SELECT count(*) FROM {} WHERE page_id = %s").format(sql.Identifier(table))
    with closing(connect_database(database_url)) as connection:
        return connection.execute(query, (page_id,)).fetchone()[0]


def _cpu_seconds(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServiceCpu:
    """The cores used, from creation to ``stop()``, by the PostgreSQL backends connected to the
    benchmark's database and by its redis-server (Linux /proc; 0.0 where it cannot be read)."""

    def __init__(self, database_url, redis):
        name = urlparse(database_url).path.lstrip("/")
        query = "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        with closing(connect_database(database_url, dbname="postgres")) as connection:
            self.pids = [pid for (pid,) in connection.execute(query, (name,))]
        if redis.running:
            self.pids.append(redis.pid)
        self._start = time.monotonic(), sum(_cpu_seconds(pid) for pid in self.pids)

    def stop(self):
        """The average cores the services used since creation."""
        started, seconds = self._start
        elapsed = time.monotonic() - started
        used = sum(_cpu_seconds(pid) for pid in self.pids) - seconds
        return round(used / elapsed, 2) if elapsed > 0 else 0.0


def _open_form(base_url, path):
    """GET the form page; return its CSRF cookie, CSRF token and fill-time token."""
    request = urllib.request.Request(base_url + path, headers={"Host": HOST_HEADER})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our server)
        html = response.read().decode()
        cookies = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    values = {
        match.group(1): _VALUE.search(match.group(0)).group(1) for match in _INPUT.finditer(html)
    }
    if "csrftoken" not in cookies or len(values) != 2:
        raise BenchError(f"{path} gave no CSRF cookie, CSRF token and form token.")
    return cookies["csrftoken"].value, values["csrfmiddlewaretoken"], values["form_token"]


def token_files(site, page, duration):
    """A function that writes a file of fresh tokens for one wrk run and returns its path.

    Enough for more submissions than the site can take in ``duration`` seconds and the warm-up
    (a run that runs out sends a refused placeholder, counted as non-2xx, not stored).
    """
    runs = iter(range(1, 1_000_000))
    count = (duration + 10) * TOKENS_PER_SECOND

    def make():
        path = Path(site.workdir) / f"tokens-{next(runs)}.txt"
        code = (
            "from bench.forms import make_tokens; "
            f"make_tokens({page['id']}, {count}, {str(path)!r}, {TOKEN_AGE_SECONDS})"
        )
        return _shell(site, code)["path"]

    return make


def form_scenarios(site, page, args_duration):
    """The floor and the form scenarios, each request with a token of its own."""
    cookie, csrf, _token = _open_form(site.base_url, page["path"])
    fields = {
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "contact_channel": "email",
        "language_ar": "good",
        "message": "Ich kann dienstags und donnerstags abends.",
        # A token is good for one submission: every request gets a fresh one (Scenario.tokens).
        "form_token": TOKEN_PLACEHOLDER,
    }
    tokens = token_files(site, page, args_duration)
    floor = next(s for s in SCENARIOS if s.name == "api-version")
    html = Scenario(
        name="form-html",
        path=page["path"],
        description="The volunteer form page's HTML form, sent with CSRF cookie and token.",
        method="POST",
        body=urlencode({**fields, "consent": "on", "homepage": "", "csrfmiddlewaretoken": csrf}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        },
        expect_status=302,
        tokens=tokens,
    )
    api = Scenario(
        name="form-api",
        path=f"/api/integration/v1/forms/{page['id']}/submissions",
        description="The same submission as JSON through the API.",
        method="POST",
        body=json.dumps({**fields, "consent": True}),
        headers={"Content-Type": "application/json"},
        expect_status=201,
        tokens=tokens,
    )
    scenarios = [floor, html]
    status, _body = fetch_status(f"{site.base_url}/api/integration/v1/forms/{page['id']}")
    if status == 200:
        scenarios.append(api)
    else:
        print(f"form-api not measured: GET forms/{page['id']} answered {status}.")
    return scenarios


def run_forms(args, wrk, measure):
    """Measure the form scenarios with Redis up, then down; return the JSON-ready rows.

    ``measure(site, scenario, connections)`` runs wrk as the harness does, without warm-up,
    and returns its row.
    """
    redis = PrivateRedis()
    try:
        site = FormsSite(
            args.workdir, args.database_url, redis.url, args.workers, cache=args.forms_cache
        )
        print(f"Preparing a fresh PostgreSQL database and a redis-server on port {redis.port} …")
        page = site.prepare()
        rows = []
        with site.running():
            scenarios = form_scenarios(site, page, max(args.duration, args.warmup))
            for state in ("up", "down"):
                if state == "down":
                    redis.stop()
                    print("Stopped the redis-server: broker and cache are down.")
                for scenario in scenarios:
                    rows.extend(
                        _measure_state(site, scenario, state, page, redis, args, wrk, measure)
                    )
    finally:
        redis.stop()
    return rows


def _measure_state(site, scenario, state, page, redis, args, wrk, measure):
    probe = scenario.body
    if scenario.tokens is not None:
        first = Path(scenario.tokens()).read_text().split("\n", 1)[0]
        probe = probe.replace(TOKEN_PLACEHOLDER, first)
    status, body = fetch_status(
        site.base_url + scenario.path,
        method=scenario.method,
        body=probe,
        headers=scenario.headers,
        timeout=120,
    )
    if status != scenario.expect_status:
        print(f"{scenario.name} with Redis {state}: answered {status}, not measured.")
        return [
            {
                "scenario": scenario.name,
                "redis": state,
                "answered": status,
                "body": body[:200].decode(errors="replace"),
            }
        ]
    rows = []
    for connections in args.connections:
        rounds = []
        for number in range(1, args.repeat + 1):
            if number == 1 and args.warmup:
                _warm_up(site, scenario, connections, args, wrk)
            print(
                f"Measuring {scenario.name} with Redis {state} at {connections} connections, "
                f"round {number} of {args.repeat} …"
            )
            rounds.append(_measure_round(site, scenario, connections, page, redis, args, measure))
        rows.append(_least_disturbed(rounds, state))
    return rows


def _warm_up(site, scenario, connections, args, wrk):
    # Before counting: the submissions of the warm-up are not measured.
    run_wrk(
        wrk,
        site.base_url + scenario.path,
        duration=args.warmup,
        connections=connections,
        threads=args.threads,
        headers={"Host": HOST_HEADER, **scenario.headers},
        method=scenario.method,
        body=scenario.body,
        workdir=args.workdir,
        **token_options(scenario),
    )
    fetch_status(site.base_url + "/api/integration/v1/version", timeout=300)


def _measure_round(site, scenario, connections, page, redis, args, measure):
    counts = scenario.name != "api-version"
    before = count_stored(args.database_url, page["table"], page["id"]) if counts else 0
    queued_before = redis.queued() if counts and redis.running else None
    services = ServiceCpu(args.database_url, redis)
    row = measure(site, scenario, connections)
    # The benchmark's own PostgreSQL backends and redis-server work for it: not disturbance.
    row["service_cores"] = services.stop()
    if row["other_processes_cores"] is not None:
        others = row["other_processes_cores"] - row["service_cores"]
        row["other_processes_cores"] = round(max(0.0, others), 2)
    # Requests still in gunicorn when wrk stopped are answered before the floor is.
    fetch_status(site.base_url + "/api/integration/v1/version", timeout=300)
    if counts:
        row["stored"] = count_stored(args.database_url, page["table"], page["id"]) - before
        if queued_before is not None:
            row["enqueued"] = redis.queued() - queued_before
    return row


def _least_disturbed(rounds, state):
    """The round other processes took the least CPU from; every round stays in ``rounds``."""
    best = min(rounds, key=lambda row: row["other_processes_cores"] or 0.0)
    keys = ("requests_per_second", "median_ms", "p99_ms", "requests", "non_2xx_3xx")
    keys += ("socket_errors", "other_processes_cores", "service_cores", "stored", "enqueued")
    kept = [{key: row[key] for key in keys if key in row} for row in rounds]
    return {**best, "redis": state, "rounds": kept}
