"""Measure the example site under gunicorn with wrk: ``make bench`` or ``python bench/run.py``.

Each run builds a fresh database with the demo data (SQLite in ``var/bench/``, or the PostgreSQL
database of ``--database-url``), serves it with gunicorn on a free port of 127.0.0.1, checks that
every scenario answers as expected, warms up, measures each scenario with wrk, prints a table and
writes ``var/bench/results.json``.
Scenarios live in ``bench/scenarios.py``; ``--help`` lists the options.
"""

import argparse
import fnmatch
import json
import signal
import sys
import time
from pathlib import Path

# Run as a file (the Makefile's ``bench/run.py``), Python puts bench/ on the path, not the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import BenchError, events, forms, forms_report, registrations
from bench.load import find_wrk, run_wrk, wrk_version
from bench.machine import CpuWatch
from bench.middleware import BUILD_HEADER
from bench.report import conditions, format_table, load_previous, write_results
from bench.scenarios import SCENARIOS, token_options
from bench.server import HOST_HEADER, SETTINGS, Site, fetch_status

ROOT = Path(__file__).resolve().parent.parent
WORKDIR = ROOT / "var" / "bench"
#: A database of the shared Redis that belongs to the benchmark: it is emptied at every run.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
#: Run conditions that make two runs' numbers comparable.
COMPARABLE = ("settings", "workers", "threads", "duration_s")
#: Cores that other processes may use during a measurement before its numbers are flagged.
BUSY_MACHINE_CORES = 0.2


def at_least(minimum):
    """An argparse type: an integer of at least ``minimum``."""

    def parse(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is less than {minimum}")
        return value

    return parse


def parse_args(argv=None):
    """The command line; the defaults are the conditions docs/benchmarks.md reports."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=at_least(1), default=10, help="seconds per scenario (10)"
    )
    parser.add_argument(
        "--connections",
        type=at_least(1),
        action="append",
        help="concurrent connections; repeat to measure several levels (16)",
    )
    parser.add_argument("--threads", type=at_least(1), default=2, help="wrk threads (2)")
    parser.add_argument(
        "--warmup", type=at_least(0), default=3, help="seconds of unmeasured load (3)"
    )
    parser.add_argument(
        "--repeat",
        type=at_least(1),
        default=3,
        help="rounds per scenario; the one least disturbed by other processes is kept (3)",
    )
    parser.add_argument("--workers", type=at_least(1), default=2, help="gunicorn sync workers (2)")
    parser.add_argument(
        "--scenario",
        action="append",
        metavar="PATTERN",
        help="run only scenarios whose name matches; shell wildcards, repeatable (all)",
    )
    parser.add_argument(
        "--settings",
        choices=sorted(SETTINGS),
        default="production",
        help="the example site's settings: production (DEBUG off, Redis cache) or dev",
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help="a Redis database for the production settings' cache, emptied first (%(default)s)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=WORKDIR / "results.json",
        help="the results as JSON; the file there before is kept as *.previous.json",
    )
    parser.add_argument(
        "--series",
        type=events.parse_sizes,
        metavar="SIZES",
        help="measure the occurrences API and the index feed at these numbers of event series, "
        "each in a database of its own, e.g. 10,100,1000 or all (with 10,000); see "
        "bench/events.py",
    )
    parser.add_argument(
        "--forms",
        action="store_true",
        help="measure form intake (HTML form and API) on PostgreSQL, Redis up and down; "
        "see bench/forms.py",
    )
    parser.add_argument(
        "--registrations",
        action="store_true",
        help="measure registrations for event dates through the API on PostgreSQL, spread over "
        "dates and on one hot date; see bench/registrations.py",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="a PostgreSQL database (postgres://…) for the site instead of SQLite, dropped and "
        "created again (for --series, once per size); its name must contain 'bench'. "
        f"--forms and --registrations always use PostgreSQL ({forms.DEFAULT_DATABASE_URL} "
        "unless given)",
    )
    parser.add_argument(
        "--forms-cache",
        choices=["redis", "local"],
        default="redis",
        help="--forms: the cache on the Redis that goes down, as in production (redis), or in "
        "process memory, Redis then being the broker only (local)",
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args = parser.parse_args(argv)
    args.connections = args.connections or [16]
    return args


def select(patterns):
    """The scenarios whose names match one of ``patterns`` (all without patterns)."""
    if not patterns:
        return list(SCENARIOS)
    chosen = [s for s in SCENARIOS if any(fnmatch.fnmatch(s.name, p) for p in patterns)]
    if not chosen:
        names = ", ".join(s.name for s in SCENARIOS)
        raise BenchError(f"No scenario matches {' '.join(patterns)}; the scenarios: {names}.")
    return chosen


def check(site, scenarios):
    """Send each scenario's request once; a benchmark of error pages is worthless.

    A ``built`` scenario is checked with the header that makes its answer be built, as wrk will
    send it.
    """
    for scenario in scenarios:
        status, body = fetch_status(
            site.base_url + scenario.path,
            method=scenario.method,
            body=scenario.body,
            headers=scenario_headers(scenario),
        )
        if status != scenario.expect_status:
            raise BenchError(
                f"{scenario.name}: {scenario.method} {scenario.path} answered {status}, "
                f"expected {scenario.expect_status}. Body: {body[:300]!r}\n{site.tail()}"
            )


def scenario_headers(scenario):
    """The headers of the scenario's requests, the one that makes answers built included."""
    return {**scenario.headers, **({BUILD_HEADER: "1"} if scenario.built else {})}


def measure(site, scenario, connections, args, wrk, warmup):
    """Load one scenario at one concurrency (after ``warmup`` seconds); return its result row."""
    load = {
        "threads": args.threads,
        "connections": connections,
        "headers": {"Host": HOST_HEADER, **scenario_headers(scenario)},
        "method": scenario.method,
        "body": scenario.body,
        "workdir": WORKDIR,
    }
    url = site.base_url + scenario.path
    # A slow scenario leaves requests queued in gunicorn after wrk stops (wrk's connections are
    # closed, the requests are still served); the floor answers once those ahead of it are done.
    fetch_status(site.base_url + "/api/integration/v1/version", timeout=300)
    if warmup:
        # The first requests of each worker import code, fill caches and make image renditions.
        run_wrk(wrk, url, duration=warmup, **load, **token_options(scenario))
    watch = CpuWatch(site.pid)
    watch.start()
    measurement = run_wrk(wrk, url, duration=args.duration, **load, **token_options(scenario))
    return {
        "scenario": scenario.name,
        "method": scenario.method,
        "path": scenario.path,
        "built": scenario.built,
        "connections": connections,
        **measurement.as_dict(),
        "other_processes_cores": watch.stop(),
    }


def least_disturbed(rows):
    """Of one scenario's rounds, the one other processes took the least CPU from.

    On a shared machine a disturbed round is slower for reasons outside the code; the quietest
    round is the closest to what the code can do. Every round stays in ``rounds``.
    """
    # A round that completed no request has no latencies to keep (problems() reports it).
    answered = [row for row in rows if row["requests"]] or rows
    best = min(answered, key=lambda row: row["other_processes_cores"] or 0.0)
    keys = (
        "requests_per_second",
        "median_ms",
        "p99_ms",
        "non_2xx_3xx",
        "socket_errors",
        "other_processes_cores",
        "requests",
    )
    return {**best, "rounds": [{key: row[key] for key in keys} for row in rows]}


def run_rounds(site, scenarios, args, wrk):
    """Measure every scenario at every concurrency ``args.repeat`` times; one row for each."""
    rounds = {}
    # Rounds go through all scenarios in turn, so that a burst of load from elsewhere does not
    # fall on one scenario's rounds only.
    for number in range(1, args.repeat + 1):
        for scenario in scenarios:
            for connections in args.connections:
                of = f", round {number} of {args.repeat}" if args.repeat > 1 else ""
                print(f"Measuring {scenario.name} at {connections} connections{of} …")
                warmup = args.warmup if number == 1 else 0
                row = measure(site, scenario, connections, args, wrk, warmup)
                rounds.setdefault((scenario.name, connections), []).append(row)
    return [least_disturbed(rows) for rows in rounds.values()]


def problems(results):
    """``(is_error, message)`` for each result with errors in a round or a busy machine."""
    for r in results:
        where = f"{r['scenario']} at {r['connections']} connections"
        non_2xx = sum(row["non_2xx_3xx"] for row in r["rounds"])
        socket_errors = sum(row["socket_errors"] for row in r["rounds"])
        if not all(row["requests"] for row in r["rounds"]):
            yield (
                True,
                f"{where}: a round completed no request (the server was still busy, or each "
                "request outlasted the measurement); its numbers are not to be trusted.",
            )
        if non_2xx or socket_errors:
            yield (
                True,
                f"{where}: {non_2xx} responses outside 2xx/3xx and {socket_errors} socket "
                "errors; its numbers are not to be trusted.",
            )
        if (r["other_processes_cores"] or 0.0) > BUSY_MACHINE_CORES:
            # A busy machine makes numbers noisy, not wrong: a warning, not a failed run.
            yield (
                False,
                f"{where}: other processes used {r['other_processes_cores']} cores meanwhile; "
                "measure again on a quiet machine before comparing.",
            )


def comparable(previous, run_conditions):
    """Whether ``previous`` was measured under the same conditions as this run."""
    if not previous:
        return False
    before = previous.get("conditions", {})
    return all(before.get(key) == run_conditions[key] for key in COMPARABLE)


def make_site(args):
    """The harness's site: SQLite in ``var/bench/``, or the database of ``--database-url``."""
    return Site(
        WORKDIR,
        settings=args.settings,
        redis_url=args.redis_url,
        workers=args.workers,
        database_url=args.database_url or "",
    )


def database_conditions(args):
    """The database of the run's conditions: its kind, and the server's version for PostgreSQL."""
    if not args.database_url:
        return {"database": "sqlite"}
    return {
        "database": "postgresql",
        "services": forms_report.service_versions(args.database_url),
    }


def main(argv=None):
    """Run the benchmark; 0 when all went well, 1 when a measurement saw errors, 2 on failure."""
    args = parse_args(argv)
    if args.list:
        listed = SCENARIOS
        if args.series:
            listed = [s for size in args.series for s in events.event_scenarios(size)]
        for scenario in listed:
            unique = f" (+ {BUILD_HEADER}: built each time)" if scenario.built else ""
            print(
                f"{scenario.name:26} {scenario.method} {scenario.path}{unique}  "
                f"{scenario.description}"
            )
        return 0
    if args.registrations:  # its own client: each request has a date, address and token
        return main_registrations(args)
    wrk = find_wrk()
    if not wrk:
        print(
            "bench: wrk is not installed; on Debian or Ubuntu: apt-get install wrk", file=sys.stderr
        )
        return 2
    # Progress lines must show while wrk runs, also when the output goes through make or a pipe.
    sys.stdout.reconfigure(line_buffering=True)
    # A plain `kill` of the harness must still stop the gunicorn it started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    if args.series:
        return main_series(args, wrk)
    if args.forms:
        return main_forms(args, wrk)

    try:
        scenarios = select(args.scenario)
        site = make_site(args)
        started = time.monotonic()
        print(f"Preparing a fresh {site.database_vendor} database …")
        site.prepare()
        for scenario in scenarios:
            if scenario.setup:
                scenario.setup(site)
        run_conditions = conditions(
            settings=SETTINGS[args.settings],
            debug=args.settings != "production",
            **database_conditions(args),
            server="gunicorn",
            worker_class="sync",
            workers=args.workers,
            load_tool=wrk_version(wrk),
            threads=args.threads,
            duration_s=args.duration,
            warmup_s=args.warmup,
            rounds=args.repeat,
        )
        with site.running():
            check(site, scenarios)
            results = run_rounds(site, scenarios, args, wrk)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2

    previous = load_previous(args.output)
    print()
    print(format_table(results, previous if comparable(previous, run_conditions) else None))
    write_results(args.output, run_conditions, results)
    print(
        f"\n{run_conditions['settings']}, {args.workers} sync workers, "
        f"wrk with {args.threads} threads, {args.duration} s per scenario "
        f"({time.monotonic() - started:.0f} s in all). Results: {args.output}"
    )
    failed = False
    for is_error, message in problems(results):
        print(f"{'ERROR' if is_error else 'WARNING'} {message}", file=sys.stderr)
        failed = failed or is_error
    return 1 if failed else 0


def main_series(args, wrk):
    """``--series``: each size in a fresh database, its scenarios beside the floor; the checks."""
    started = time.monotonic()

    def measure_rounds(site, scenarios):
        check(site, scenarios)
        return run_rounds(site, scenarios, args, wrk)

    try:
        sizes = events.run_sizes(
            args,
            wrk,
            lambda: make_site(args),
            measure_rounds,
            select_patterns=args.scenario,
        )
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    run_conditions = conditions(
        settings=SETTINGS[args.settings],
        debug=args.settings != "production",
        **database_conditions(args),
        server="gunicorn",
        worker_class="sync",
        workers=args.workers,
        load_tool=wrk_version(wrk),
        threads=args.threads,
        duration_s=args.duration,
        warmup_s=args.warmup,
        rounds=args.repeat,
        series=list(args.series),
    )
    print()
    print(events.format_sizes(sizes))
    print("\nTargets (DESIGN §9):")
    for passed, message in events.target_checks(sizes):
        verdict = {True: "PASS", False: "FAIL", None: "----"}[passed]
        print(f"  {verdict}  {message}")
    output = args.output
    if output == WORKDIR / "results.json":  # the regular scenarios' file stays theirs
        output = WORKDIR / "events.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        json.dumps({"conditions": run_conditions, "sizes": sizes}, indent=2, ensure_ascii=False)
        + "\n"
    )
    print(f"\n{time.monotonic() - started:.0f} s in all. Results: {output}")
    failed = False
    for size in sizes:
        for is_error, message in problems(size["results"]):
            print(
                f"{'ERROR' if is_error else 'WARNING'} {size['series']:,} series, {message}",
                file=sys.stderr,
            )
            failed = failed or is_error
    return 1 if failed else 0


def main_forms(args, wrk):
    """``--forms``: form intake on PostgreSQL with Redis up, then down; the checks."""
    started = time.monotonic()
    args.workdir = WORKDIR
    args.database_url = args.database_url or forms.DEFAULT_DATABASE_URL
    try:
        rows = forms.run_forms(
            args,
            wrk,
            lambda site, scenario, connections: measure(site, scenario, connections, args, wrk, 0),
        )
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    output = args.output
    if output == WORKDIR / "results.json":  # the regular scenarios' file stays theirs
        output = WORKDIR / "forms.json"
    messages = forms_report.report(rows, args, wrk, output, problems)
    print(f"{time.monotonic() - started:.0f} s in all. Results: {output}")
    for is_error, message in messages:
        print(f"{'ERROR' if is_error else 'WARNING'} {message}", file=sys.stderr)
    return 1 if any(is_error for is_error, _ in messages) else 0


def main_registrations(args):
    """``--registrations``: registrations per second on PostgreSQL; the database's checks."""
    started = time.monotonic()
    sys.stdout.reconfigure(line_buffering=True)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args.workdir = WORKDIR
    args.database_url = args.database_url or forms.DEFAULT_DATABASE_URL
    try:
        rows = registrations.run_registrations(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    run_conditions = conditions(
        settings=forms.SETTINGS_MODULE,
        debug=False,
        database="postgresql",
        server="gunicorn",
        worker_class="sync",
        workers=args.workers,
        load_tool="python threads, a connection per request (bench/registrations.py)",
        registrations_per_measurement=registrations.REGISTRATIONS,
        rounds=args.repeat,
        services=forms_report.service_versions(args.database_url),
    )
    output = args.output
    if output == WORKDIR / "results.json":  # the regular scenarios' file stays theirs
        output = WORKDIR / "registrations.json"
    print()
    print(registrations.format_registrations(rows))
    registrations.write_registrations(output, run_conditions, rows)
    print(
        f"\n{args.workers} sync workers, {time.monotonic() - started:.0f} s in all. "
        f"Results: {output}"
    )
    failed = False
    for is_error, message in registrations.problems(rows, BUSY_MACHINE_CORES):
        print(f"{'ERROR' if is_error else 'WARNING'} {message}", file=sys.stderr)
        failed = failed or is_error
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
