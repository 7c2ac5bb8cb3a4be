"""Registrations under load: how many the API takes per second on PostgreSQL (issue 14).

``python bench/run.py --registrations`` serves the example site with gunicorn on a PostgreSQL
database of the benchmark's own (``--database-url``; its name must contain "bench": it is dropped
and created again) and a redis-server of its own on a free port, as broker and cache (no worker
runs: the notifications wait in the queue). The settings are the forms benchmark's
(``bench/settings_forms.py``: production, rate limit off, since every request comes from
127.0.0.1). It creates event series that take registrations, then sends
``POST /api/integration/v1/occurrences/{id}/registrations`` from ``--connections`` client threads
(16), each request on a connection of its own, each with an address of its own and a fill-time
token older than the minimum:

- ``registrations-spread``: 640 registrations over 32 dates of 15 seats each (20 a date);
- ``registrations-hot``: 640 registrations for one date of 50 seats: every one waits for the
  lock on that date's row, which the one before holds until it commits (lock contention);
- ``api-version``: the floor, ``GET version`` sent 640 times by the same client.

wrk does not send these: each registration needs a date, an address and a token of its own. The
client is Python threads in the harness's process; on a small machine it takes CPU from the
server, and the table says how much ("client CPU"). Each measurement gets dates of its own, so
every round meets the same seats. After each, the database is checked: no date has more
confirmed registrations than seats, and every answer 201 is a stored registration.
"""

import json
import resource
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

from bench import forms
from bench.machine import CpuWatch
from bench.server import HOST_HEADER, fetch_status

__all__ = [
    "create_registration_plan",
    "format_registrations",
    "problems",
    "run_registrations",
    "write_registrations",
]

#: Registrations sent in one measurement, and how they are spread.
REGISTRATIONS = 640
SPREAD_DATES, SPREAD_SEATS = 32, 15
HOT_SEATS = 50
WARMUP_REGISTRATIONS = 40
#: The fill-time token must be at least SUBMISSION_MIN_FILL_SECONDS (3) old; a margin.
TOKEN_AGE_SECONDS = 4
INDEX_SLUG = "bench-anmeldungen"

_HEADER = (
    "scenario",
    "conn.",
    "requests",
    "req/s",
    "p50 ms",
    "p99 ms",
    "confirmed",
    "waiting",
    "errors",
    "client CPU",
    "other CPU",
)


# Inside Django (manage.py shell -c)


def create_registration_plan(plan, path):
    """Create a series per entry of ``plan`` and write the requests that register for it.

    ``plan`` maps a measurement's name to ``{"dates": n, "seats": n, "people": n}``: a weekly
    series of that many dates from ten days on, with registration on this site and a waiting
    list, and that many people spread evenly over its dates. ``path`` gets, per name, the dates'
    ids and a list of ``[occurrence id, JSON body]``. Prints ``BENCH-JSON`` with the counts.
    """
    import datetime as dt

    import recurrence
    from django.utils import timezone
    from wagtail.models import Site

    from wagtail_integration.events.models import EventIndexPage, EventSeriesPage, Occurrence
    from wagtail_integration.events.occurrences import rebuild_series
    from wagtail_integration.registrations.forms import form_key
    from wagtail_integration.registrations.seats import target_for
    from wagtail_integration.submissions.spam import make_token

    home = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage(title="Bench-Anmeldungen", slug=INDEX_SLUG)
    home.add_child(instance=index)
    index.save_revision().publish()
    first = timezone.localdate() + dt.timedelta(days=10)
    issued = time.time() - TOKEN_AGE_SECONDS
    requests = {}
    for number, (name, entry) in enumerate(plan.items(), 1):
        page = EventSeriesPage(
            title=f"Bench-Schulung {number}",
            slug=f"bench-schulung-{number}",
            summary="Einführung für neue Ehrenamtliche.",
            first_date=first,
            start_time=dt.time(18, 0),
            end_time=dt.time(20, 0),
            recurrence=recurrence.deserialize(f"RRULE:FREQ=WEEKLY;COUNT={entry['dates']}"),
            registration="form",
            registration_seats=entry["seats"],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        rebuild_series(page.pk)
        dates = list(Occurrence.objects.filter(series=page).order_by("start"))
        if len(dates) != entry["dates"]:
            raise RuntimeError(f"{name}: {len(dates)} dates materialised, not {entry['dates']}")
        keys = {date.pk: form_key(target_for(occurrence=date)) for date in dates}
        bodies = []
        for person in range(entry["people"]):
            date = dates[person % len(dates)]
            body = {
                "name": f"Bench Person {person}",
                "email": f"{name}-{person}@example.org",
                "consent": True,
                "form_token": make_token(keys[date.pk], now=issued),
            }
            bodies.append([date.pk, json.dumps(body)])
        requests[name] = {"dates": list(keys), "seats": entry["seats"], "requests": bodies}
    Path(path).write_text(json.dumps(requests))
    counts = {name: len(entry["requests"]) for name, entry in requests.items()}
    print(forms.MARKER + json.dumps(counts), flush=True)


# The harness


class RegistrationsSite(forms.FormsSite):
    """The forms benchmark's site (PostgreSQL, its settings), with event series to register for
    instead of the volunteer form page."""

    def prepare(self):
        """A new database with the demo data; the plan's series are created by :meth:`plan`."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log.unlink(missing_ok=True)
        forms.recreate_database(self.database_url)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_data")

    def plan(self, plan):
        """Create the series of ``plan`` (see :func:`create_registration_plan`); their requests."""
        path = self.workdir / "registrations.json"
        code = (
            "from bench.registrations import create_registration_plan; "
            f"create_registration_plan({plan!r}, {str(path)!r})"
        )
        forms._shell(self, code)
        return json.loads(path.read_text())


def _send(base_url, path, body=None):
    """One request on a connection of its own: ``(status, JSON answer or None, seconds)``."""
    request = urllib.request.Request(
        base_url + path,
        data=body.encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={"Host": HOST_HEADER, "Content-Type": "application/json"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (our server)
            status, content = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, content = error.code, error.read()
    except OSError:
        return None, None, time.perf_counter() - started
    elapsed = time.perf_counter() - started
    try:
        return status, json.loads(content), elapsed
    except ValueError:
        return status, None, elapsed


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _load(base_url, requests, connections):
    """Send ``requests`` (``[path, body]``) from ``connections`` threads; the answers, the wall
    time and the CPU seconds this process (the client) used meanwhile."""

    def cpu():
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    cpu_before, started = cpu(), time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        answers = list(pool.map(lambda item: _send(base_url, *item), requests))
    return answers, time.perf_counter() - started, cpu() - cpu_before


def _stored(database_url, dates):
    """Per date of ``dates``: ``{id: (confirmed, waiting, all)}`` as the database has them."""
    query = (
        "SELECT occurrence_id, count(*) FILTER (WHERE status = 'confirmed'), "
        "count(*) FILTER (WHERE status = 'waiting'), count(*) "
        "FROM integration_registrations_registration WHERE occurrence_id = ANY(%s) "
        "GROUP BY occurrence_id"
    )
    with closing(forms.connect_database(database_url)) as connection:
        rows = connection.execute(query, (list(dates),)).fetchall()
    return {row[0]: row[1:] for row in rows}


def measure(site, name, entry, connections, redis, database_url):
    """Send one measurement's requests; its JSON-ready row, with the database's check."""
    api = "/api/integration/v1"
    if entry is None:  # the floor
        requests = [[f"{api}/version", None]] * REGISTRATIONS
    else:
        requests = [
            [f"{api}/occurrences/{date}/registrations", body] for date, body in entry["requests"]
        ]
    fetch_status(site.base_url + f"{api}/version", timeout=300)  # the server is idle again
    watch = forms.ServiceCpu(database_url, redis)
    cpu = CpuWatch(site.pid)
    cpu.start()
    answers, seconds, client_seconds = _load(site.base_url, requests, connections)
    other = cpu.stop()
    service_cores = watch.stop()
    client_cores = round(client_seconds / seconds, 2)
    if other is not None:
        other = round(max(0.0, other - service_cores - client_cores), 2)
    expected = 200 if entry is None else 201
    latencies = [elapsed * 1000 for status, _body, elapsed in answers if status == expected]
    said = [body.get("status") for status, body, _ in answers if status == 201 and body]
    row = {
        "scenario": name,
        "connections": connections,
        "requests": len(answers),
        "requests_per_second": round(len(answers) / seconds, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(_percentile(latencies, 0.99), 1) if latencies else None,
        "confirmed": said.count("confirmed"),
        "waiting": said.count("waiting"),
        "errors": sum(1 for status, _, _ in answers if status != expected),
        "statuses": sorted({str(status) for status, _, _ in answers}),
        "client_cores": client_cores,
        "service_cores": service_cores,
        "other_processes_cores": other,
    }
    if entry is not None:
        row["problems"] = list(_check(entry, _stored(database_url, entry["dates"]), row))
    return row


def _check(entry, stored, row):
    """What the database contradicts in ``row``: an oversold date, an answer not stored."""
    for date, (confirmed, _waiting, _all) in stored.items():
        if confirmed > entry["seats"]:
            yield f"date {date}: {confirmed} confirmed for {entry['seats']} seats"
    confirmed = sum(counts[0] for counts in stored.values())
    waiting = sum(counts[1] for counts in stored.values())
    if (confirmed, waiting) != (row["confirmed"], row["waiting"]):
        yield (
            f"answered {row['confirmed']} confirmed and {row['waiting']} waiting, "
            f"stored {confirmed} and {waiting}"
        )


def _plan(args):
    """One set of dates per measurement: each scenario, concurrency and round, and a warm-up."""
    spread = {"dates": SPREAD_DATES, "seats": SPREAD_SEATS, "people": REGISTRATIONS}
    hot = {"dates": 1, "seats": HOT_SEATS, "people": REGISTRATIONS}
    plan = {"warmup": {"dates": 1, "seats": 10, "people": WARMUP_REGISTRATIONS}}
    for connections in args.connections:
        for number in range(1, args.repeat + 1):
            plan[f"spread-{connections}-{number}"] = spread
            plan[f"hot-{connections}-{number}"] = hot
    return plan


def run_registrations(args):
    """Measure the floor, the spread and the hot date; return the JSON-ready rows.

    Each concurrency is measured ``args.repeat`` times and the round least disturbed by other
    processes is kept, as the harness does; every round stays in ``rounds``.
    """
    redis = forms.PrivateRedis()
    try:
        site = RegistrationsSite(args.workdir, args.database_url, redis.url, args.workers)
        print(f"Preparing a fresh PostgreSQL database and a redis-server on port {redis.port} …")
        site.prepare()
        plan = site.plan(_plan(args))
        rows = []
        with site.running():
            # The first requests of each worker import code and fill caches: not measured.
            _load(site.base_url, [["/api/integration/v1/version", None]] * 20, 4)
            warmup = plan.pop("warmup")["requests"]
            path = "/api/integration/v1/occurrences/{}/registrations"
            _load(site.base_url, [[path.format(d), b] for d, b in warmup], 4)
            for connections in args.connections:
                rounds = {"api-version": [], "registrations-spread": [], "registrations-hot": []}
                for number in range(1, args.repeat + 1):
                    print(f"Measuring at {connections} connections, round {number} …")
                    for name, key in (
                        ("api-version", None),
                        ("registrations-spread", f"spread-{connections}-{number}"),
                        ("registrations-hot", f"hot-{connections}-{number}"),
                    ):
                        entry = plan[key] if key else None
                        row = measure(site, name, entry, connections, redis, args.database_url)
                        rounds[name].append(row)
                rows.extend(_least_disturbed(kept) for kept in rounds.values())
    finally:
        redis.stop()
    return rows


def _least_disturbed(rounds):
    best = min(rounds, key=lambda row: row["other_processes_cores"] or 0.0)
    return {**best, "rounds": rounds}


def _cores(value):
    return "" if value is None else f"{value:.2f}"


def format_registrations(rows):
    """The rows as a plain-text table (``errors``: answers other than 201, or 200 for the floor;
    ``confirmed``/``waiting``: what the answers said)."""
    lines = [
        (
            r["scenario"],
            str(r["connections"]),
            str(r["requests"]),
            f"{r['requests_per_second']:.1f}",
            "" if r["median_ms"] is None else f"{r['median_ms']:.1f}",
            "" if r["p99_ms"] is None else f"{r['p99_ms']:.1f}",
            str(r["confirmed"]) if r["scenario"] != "api-version" else "",
            str(r["waiting"]) if r["scenario"] != "api-version" else "",
            str(r["errors"]),
            _cores(r["client_cores"]),
            _cores(r["other_processes_cores"]),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [_HEADER, *lines]) for i in range(len(_HEADER))]
    text = []
    for row in [_HEADER, *lines]:
        cells = [row[0].ljust(widths[0])]
        cells += [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        text.append("  ".join(cells).rstrip())
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)


def problems(rows, busy_cores):
    """``(is_error, message)`` for errors, a check the database failed, or a machine where
    other processes used more than ``busy_cores``."""
    for r in rows:
        where = f"{r['scenario']} at {r['connections']} connections"
        for number, one in enumerate(r["rounds"], 1):
            if one["errors"]:
                yield (
                    True,
                    f"{where}, round {number}: {one['errors']} answers not as expected "
                    f"(statuses {', '.join(one['statuses'])}).",
                )
            for message in one.get("problems", []):
                yield True, f"{where}, round {number}: {message}."
        if (r["other_processes_cores"] or 0.0) > busy_cores:
            yield (
                False,
                f"{where}: other processes used {r['other_processes_cores']} cores meanwhile; "
                "measure again on a quiet machine before comparing.",
            )


def write_registrations(path, run_conditions, rows):
    """Write the run to ``path`` (``var/bench/registrations.json`` by default)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"conditions": run_conditions, "results": rows}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
