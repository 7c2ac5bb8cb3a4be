"""Running wrk against one URL and reading its ``--latency`` report."""

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import BenchError

__all__ = ["Measurement", "find_wrk", "parse_wrk", "run_wrk", "wrk_version"]

#: wrk prints durations with these units (its src/units.c); the values convert them to ms.
_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class Measurement:
    """What one wrk run measured; latencies in milliseconds."""

    requests_per_second: float
    median_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: int

    def as_dict(self):
        """The measurement as JSON-ready values."""
        return asdict(self)


def find_wrk():
    """The path of the wrk executable, or None."""
    return shutil.which("wrk")


def wrk_version(wrk):
    """wrk's version line, e.g. ``wrk debian/4.1.0-3+b2 [epoll]``."""
    # wrk has no --version: -v prints the version above the usage text.
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, timeout=10, check=False)
    first = (result.stdout or result.stderr).splitlines()
    return first[0].split(" Copyright")[0].strip() if first else "unknown"


def parse_wrk(output):
    """Read a Measurement from wrk's output; the run must have used ``--latency``."""
    percentiles = {
        int(pct): round(float(value) * _TO_MS[unit], 3)
        for pct, value, unit in re.findall(rf"^\s+(\d+)%\s+{_DURATION}\s*$", output, re.M)
    }
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ", output, re.M)
    if not (rps and total and {50, 75, 90, 99} <= percentiles.keys()):
        raise ValueError(f"Not a wrk --latency report:\n{output}")
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Measurement(
        requests_per_second=float(rps.group(1)),
        median_ms=percentiles[50],
        p75_ms=percentiles[75],
        p90_ms=percentiles[90],
        p99_ms=percentiles[99],
        requests=int(total.group(1)),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def _lua_string(text):
    """``text`` as a Lua long-bracket literal, which needs no escaping."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


# Each thread has its own Lua state: setup() numbers them, and thread n sends the tokens
# n+1, n+1+threads, n+1+2*threads ... of the file. Plain find/replace: a token is no pattern.
_TOKEN_SCRIPT = """
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  tokens = {{}}
  for line in io.lines({path}) do tokens[#tokens + 1] = line end
  index = id + 1
end
local method, body, placeholder = {method}, {body}, {placeholder}
local at = string.find(body, placeholder, 1, true)
function request()
  local token = tokens[index] or placeholder
  index = index + {threads}
  local sent = body
  if at then
    sent = string.sub(body, 1, at - 1) .. token .. string.sub(body, at + #placeholder)
  end
  return wrk.format(method, nil, nil, sent)
end
"""


def run_wrk(
    wrk,
    url,
    *,
    duration,
    connections,
    threads,
    headers,
    method="GET",
    body="",
    workdir,
    tokens_file=None,
    placeholder="",
):
    """Load ``url`` for ``duration`` seconds and return the Measurement.

    A request other than a plain GET goes through a small Lua script written to ``workdir``:
    that is how wrk sets a method and a body. With ``tokens_file``, each request's body has
    ``placeholder`` replaced by the next line of that file; the threads take turns, so no token
    is sent twice (a request after the last token sends the placeholder, which is refused).
    """
    command = [
        wrk,
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={duration}s",
        # wrk leaves requests slower than its 2 s default out of the histogram; a slow
        # scenario must show up in the percentiles instead.
        "--timeout=30s",
        "--latency",
    ]
    for name, value in headers.items():
        command.append(f"--header={name}: {value}")
    if tokens_file:
        lua = _TOKEN_SCRIPT.format(
            method=_lua_string(method),
            body=_lua_string(body),
            placeholder=_lua_string(placeholder),
            path=_lua_string(str(tokens_file)),
            threads=min(threads, connections),
        )
        script = Path(workdir) / "request.lua"
        script.write_text(lua)
        command.append(f"--script={script}")
    elif method != "GET" or body:
        lua = f"wrk.method = {_lua_string(method)}\nwrk.body = {_lua_string(body)}\n"
        script = Path(workdir) / "request.lua"
        script.write_text(lua)
        command.append(f"--script={script}")
    command.append(url)
    # wrk stops itself after --duration; the margin covers start-up and slow last requests.
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    if result.returncode != 0:
        raise BenchError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)
