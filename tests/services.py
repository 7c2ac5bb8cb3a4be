"""Finding the real services a test needs, and starting private instances of them.

A test that needs PostgreSQL, Redis or Chromium calls :func:`require`; it skips with the reason
printed when the service is absent, and fails instead when ``REQUIRE_SERVICES=1`` (as in CI).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.db import connection

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def services_required():
    """Whether a missing service is a failure (CI) rather than a reason to skip."""
    return os.environ.get("REQUIRE_SERVICES", "") == "1"


def require(available, reason):
    """Skip, or under ``REQUIRE_SERVICES=1`` fail, when ``available`` is false."""
    if available:
        return
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def port_open(host, port, timeout=0.5):
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with closing(socket.create_connection((host, port), timeout=timeout)):
            return True
    except OSError:
        return False


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url():
    """The shared Redis of the machine (``REDIS_URL``, else the default port)."""
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def require_redis():
    """Return the shared Redis URL, or skip/fail when no Redis answers there."""
    url = redis_url()
    parsed = urlparse(url)
    require(
        port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379),
        f"no Redis answers at {url} (start it, or set REDIS_URL)",
    )
    return url


def require_redis_server_binary():
    """Return the path of ``redis-server``, for tests that start a private instance."""
    path = shutil.which("redis-server")
    require(path, "redis-server is not installed (apt-get install redis-server)")
    return path


def chromium_path():
    """Return the path of Debian's chromium, or skip/fail when it is not installed."""
    path = next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)
    require(path, "Debian's chromium is not installed (apt-get install chromium)")
    return path


@contextmanager
def private_redis():
    """Start a throw-away redis-server on a free port; yield its URL; stop only that process."""
    binary = require_redis_server_binary()
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"private redis-server on port {port} did not start")
            time.sleep(0.05)
        yield PrivateRedis(process, port)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


class PrivateRedis:
    """A redis-server this test started; ``stop()`` ends only this process."""

    def __init__(self, process, port):
        self.process = process
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


# -- a real Celery worker process ------------------------------------------------------------


PROJECT_DIR = Path(__file__).resolve().parent.parent


def database_url_of_test_database():
    """A DATABASE_URL naming the database this test runs on, for the worker process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


@contextmanager
def worker_process(redis, queue, **env):
    """A Celery worker on ``queue`` of the shared Redis, on the test database; stopped after.

    ``env`` adds to the worker's environment. Only the process started here is stopped.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings.test",
        "DATABASE_URL": database_url_of_test_database(),
        "REDIS_URL": redis,
        **env,
    }
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "celery", "-A", "example_site", "worker",
            "--queues", queue, "--hostname", f"{queue}@test", "--pool", "solo",
            "--without-gossip", "--without-mingle", "--loglevel", "info",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])  # shown by pytest when the test fails
