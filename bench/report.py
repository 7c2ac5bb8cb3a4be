"""The results of a run: the conditions they were measured under, a table, a JSON file."""

import json
import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

__all__ = ["conditions", "format_table", "load_previous", "write_results"]

ROOT = Path(__file__).resolve().parent.parent


def _git(*args):
    result = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def _memory_gib():
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(meminfo.readline().split()[1])  # first line: MemTotal
    except (OSError, ValueError, IndexError):
        return None
    return round(kib / 1024**2, 1)


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def conditions(**run):
    """What the numbers depend on besides the code: machine, versions, commit, and ``run``."""
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": f"{commit}{'+dirty' if dirty else ''}" or "unknown",
        **run,
        "machine": {
            "cpus": os.cpu_count(),
            "cpu_model": _cpu_model(),
            "memory_gib": _memory_gib(),
            "kernel": platform.release(),
        },
        "versions": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            **{
                name: _version(name)
                for name in ("wagtail-integration", "django", "wagtail", "gunicorn")
            },
        },
    }


def load_previous(path):
    """The results of the last run from ``path``, or None when there is none to read."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None


def write_results(path, run_conditions, results):
    """Write this run to ``path``, keeping the run before it as ``*.previous.json``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.replace(path.with_suffix(".previous.json"))
    data = {"conditions": run_conditions, "results": results}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _change(now, before):
    if not before:
        return ""
    return f"{(now - before) / before * 100:+.0f} %"


def _cores(value):
    return "" if value is None else f"{value:.2f} cores"


def format_table(results, previous=None):
    """The results as a plain-text table; with ``previous``, how requests/s changed since."""
    before = {
        (r["scenario"], r["connections"]): r["requests_per_second"]
        for r in (previous or {}).get("results", [])
    }
    header = (
        "scenario",
        "connections",
        "requests/s",
        "median ms",
        "p99 ms",
        "req/s vs last",
        "other CPU",
    )
    rows = [
        (
            r["scenario"],
            str(r["connections"]),
            f"{r['requests_per_second']:.1f}",
            f"{r['median_ms']:.2f}",
            f"{r['p99_ms']:.2f}",
            _change(r["requests_per_second"], before.get((r["scenario"], r["connections"]))),
            _cores(r.get("other_processes_cores")),
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        # The name reads best left-aligned, numbers right-aligned.
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
