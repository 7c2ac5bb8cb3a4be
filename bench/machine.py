"""How much of the machine's CPU went to processes other than the benchmark's own (Linux /proc).

The load tool, the server and the rest of the machine share the same cores; a test suite
running beside the benchmark lowers its numbers. :class:`CpuWatch` measures that share, so a run
on a busy machine is reported as such instead of being taken for a regression.
"""

import os
import resource
from pathlib import Path

__all__ = ["CpuWatch"]

_TICK = os.sysconf("SC_CLK_TCK")


def _machine_seconds():
    """(busy, total) CPU seconds of all cores since boot, or None without /proc/stat."""
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + fields[4]  # idle and iowait
    # guest time is already counted in user time; the first eight fields hold everything else.
    total = sum(fields[:8])
    return (total - idle) / _TICK, total / _TICK


def _tree(pid):
    """``pid`` and its descendants (gunicorn's master and its workers)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            pids.extend(_tree(int(child)))
    return pids


def _process_seconds(pid):
    """CPU seconds ``pid`` has used, 0 when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # The command name may contain spaces; the fields after it are fixed (utime, stime: 14, 15).
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _children_seconds():
    """CPU seconds of this process's finished children (wrk, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class CpuWatch:
    """Measures, between ``start()`` and ``stop()``, the cores used by everything but us.

    "Us" is the server process tree rooted at ``server_pid`` and the children this process
    waits for (wrk). ``stop()`` returns the others' average use in cores (0.0 to the number of
    cores), or None where /proc is not available.
    """

    def __init__(self, server_pid):
        self.server_pid = server_pid
        self._start = None

    def _sample(self):
        machine = _machine_seconds()
        if machine is None:
            return None
        ours = sum(_process_seconds(pid) for pid in _tree(self.server_pid))
        return machine, ours + _children_seconds()

    def start(self):
        """Take the first sample."""
        self._start = self._sample()

    def stop(self):
        """Take the second sample; the other processes' average use in cores since start()."""
        end = self._sample()
        if self._start is None or end is None:
            return None
        (busy0, total0), ours0 = self._start
        (busy1, total1), ours1 = end
        elapsed_cores = total1 - total0
        if elapsed_cores <= 0:
            return None
        wall_seconds = elapsed_cores / os.cpu_count()
        others = max(0.0, (busy1 - busy0) - (ours1 - ours0))
        return round(others / wall_seconds, 2)
