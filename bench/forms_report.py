"""The results of ``bench/run.py --forms``: a table, the check that nothing was lost, a file."""

import json
import re
import shutil
import subprocess
from contextlib import closing
from pathlib import Path

from bench.forms import SETTINGS_MODULE, connect_database
from bench.load import wrk_version
from bench.report import conditions

__all__ = ["format_forms", "lost", "report", "write_forms"]

_HEADER = (
    "scenario",
    "redis",
    "conn.",
    "req/s",
    "median ms",
    "p99 ms",
    "ok",
    "stored",
    "tasks",
    "db+redis CPU",
    "other CPU",
)


def service_versions(database_url):
    """The versions of the PostgreSQL server and of redis-server, for the run's conditions."""
    with closing(connect_database(database_url, dbname="postgres")) as connection:
        postgresql = connection.execute("SHOW server_version").fetchone()[0]
    result = subprocess.run(
        [shutil.which("redis-server") or "redis-server", "--version"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    redis = re.search(r"v=(\S+)", result.stdout)
    return {"postgresql": postgresql, "redis": redis.group(1) if redis else "unknown"}


def _cores(value):
    return "" if value is None else f"{value:.2f}"


def _line(r):
    if "answered" in r:
        return (r["scenario"], r["redis"], "", f"answered {r['answered']}")
    return (
        r["scenario"],
        r["redis"],
        str(r["connections"]),
        f"{r['requests_per_second']:.1f}",
        f"{r['median_ms']:.1f}",
        f"{r['p99_ms']:.1f}",
        str(r["requests"] - r["non_2xx_3xx"]),
        str(r.get("stored", "")),
        str(r.get("enqueued", "")),
        _cores(r.get("service_cores")),
        _cores(r.get("other_processes_cores")),
    )


def format_forms(rows):
    """The rows as a plain-text table; a scenario not measured says how it answered.

    ``ok``: answers in the 2xx/3xx range; ``stored``: submissions stored meanwhile (requests
    still in flight when wrk stopped are stored too); ``tasks``: sending tasks that reached the
    broker.
    """
    lines = [_line(r) + ("",) * (len(_HEADER) - len(_line(r))) for r in rows]
    widths = [max(len(row[i]) for row in [_HEADER, *lines]) for i in range(len(_HEADER))]
    text = []
    for row in [_HEADER, *lines]:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [c.rjust(w) for c, w in zip(row[2:], widths[2:], strict=True)]
        text.append("  ".join(cells).rstrip())
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)


def lost(rows):
    """Messages for each round where fewer submissions were stored than were answered."""
    for r in rows:
        for number, one in enumerate(r.get("rounds", []), 1):
            answered = one["requests"] - one["non_2xx_3xx"]
            if "stored" in one and one["stored"] < answered:
                yield (
                    f"{r['scenario']} with Redis {r['redis']} at {r['connections']} "
                    f"connections, round {number}: {answered} answered, {one['stored']} stored."
                )


def write_forms(path, run_conditions, rows):
    """Write the run to ``path`` (``var/bench/forms.json`` by default)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"conditions": run_conditions, "results": rows}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def report(rows, args, wrk, output, problems):
    """Print the table, write ``output``; return ``(is_error, message)`` for what went wrong.

    ``problems`` is the harness's check of rows for errors and a busy machine.
    """
    run_conditions = conditions(
        settings=SETTINGS_MODULE,
        cache=args.forms_cache,
        debug=False,
        database="postgresql",
        server="gunicorn",
        worker_class="sync",
        workers=args.workers,
        load_tool=wrk_version(wrk),
        threads=args.threads,
        duration_s=args.duration,
        warmup_s=args.warmup,
        rounds=args.repeat,
        services=service_versions(args.database_url),
    )
    print()
    print(format_forms(rows))
    print()
    write_forms(output, run_conditions, rows)
    messages = [(True, f"submissions lost: {message}") for message in lost(rows)]
    labelled = [
        {**row, "scenario": f"{row['scenario']} (Redis {row['redis']})"}
        for row in rows
        if "rounds" in row
    ]
    return messages + list(problems(labelled))
