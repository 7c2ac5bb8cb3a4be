"""A throw-away copy of the example site: its own database, media folder and gunicorn."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlparse

from bench import BenchError

__all__ = ["HOST_HEADER", "SETTINGS", "Site", "fetch_status"]

ROOT = Path(__file__).resolve().parent.parent

#: Sent with every request: it is in ALLOWED_HOSTS and is the hostname of the demo's Wagtail Site,
#: so the benchmark takes the same routing path as a real visitor of that site.
HOST_HEADER = "localhost"

#: The settings modules the harness can run under, by the name ``--settings`` takes.
SETTINGS = {
    "production": "example_site.settings.production",
    "dev": "example_site.settings.dev",
}


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(host, port, timeout=0.5):
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with closing(socket.create_connection((host, port), timeout=timeout)):
            return True
    except OSError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as its own status: a benchmark of redirects is not one of pages."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch_status(url, method="GET", body="", headers=None, timeout=30):
    """Send one request and return ``(status, first bytes of the body)``."""
    request = urllib.request.Request(
        url,
        method=method,
        data=body.encode() if body else None,
        headers={"Host": HOST_HEADER, **(headers or {})},
    )
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read(500)
    except urllib.error.HTTPError as error:
        return error.code, error.read(500)


class Site:
    """The example site on a fresh database, served by gunicorn.

    The database is SQLite in ``workdir``, or the PostgreSQL database ``database_url`` names
    (``postgres://…``; its name must contain "bench": :meth:`prepare` drops and creates it).
    Under ``settings="production"`` (the default) the site runs as deployed: DEBUG off,
    persistent database connections and the cache on Redis (``redis_url``, a database the
    benchmark owns and empties). ``settings="dev"`` is there to measure what DEBUG costs.
    """

    def __init__(self, workdir, settings="production", redis_url="", workers=2, database_url=""):
        self.workdir = Path(workdir)
        self.database_url = database_url
        self.settings = settings
        self.redis_url = redis_url
        self.workers = workers
        self.database = self.workdir / "bench.sqlite3"
        self.log = self.workdir / "gunicorn.log"
        self.port = None
        self._process = None
        # One key per run is enough: nothing signed during the benchmark outlives it.
        self._secret_key = secrets.token_urlsafe(50)

    @property
    def env(self):
        """The environment of every manage.py and gunicorn process of this site."""
        env = dict(os.environ)
        # Whatever the caller's shell points at, the benchmark uses only its own database.
        for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "MEDIA_ROOT"):
            env.pop(name, None)
        env.update(
            # The chosen settings plus the benchmark's middleware (bench/settings.py).
            DJANGO_SETTINGS_MODULE="bench.settings",
            BENCH_BASE_SETTINGS=SETTINGS[self.settings],
            DATABASE_URL=self.database_url or f"sqlite:///{self.database}",
            MEDIA_ROOT=str(self.workdir / "media"),
        )
        if self.settings == "production":
            env.update(
                SECRET_KEY=self._secret_key,
                ALLOWED_HOSTS="127.0.0.1,localhost",
                REDIS_URL=self.redis_url,
            )
        return env

    @property
    def pid(self):
        """The process id of the running gunicorn master."""
        return self._process.pid

    @property
    def base_url(self):
        """``http://127.0.0.1:<port>`` of the running server."""
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args, timeout=600):
        """Run ``manage.py`` with ``args`` in this site's environment; raise if it fails."""
        command = [sys.executable, str(ROOT / "manage.py"), *args]
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise BenchError(
                f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-2000:]}{result.stderr[-4000:]}"
            )
        return result.stdout

    @property
    def database_vendor(self):
        """``"postgresql"`` or ``"sqlite"``, for the run's conditions."""
        return "postgresql" if self.database_url else "sqlite"

    def prepare(self):
        """Create the database from scratch, load the demo data and empty the cache."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log.unlink(missing_ok=True)
        if self.database_url:
            # Imported here: bench.forms builds on this module.
            from bench.forms import recreate_database

            recreate_database(self.database_url)
        else:
            self.database.unlink(missing_ok=True)
        if self.settings == "production":
            parsed = urlparse(self.redis_url)
            if not port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379):
                raise BenchError(
                    f"No Redis answers at {self.redis_url}; the production settings need one. "
                    "Start Redis, pass --redis-url, or measure with --settings dev."
                )
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo_data")
        # A cache entry from an earlier run (site root paths, say) would skip work a fresh
        # site does, or point at rows that no longer exist.
        self.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")

    @contextmanager
    def running(self, start_timeout=60):
        """Serve the site with gunicorn for the duration of the ``with`` block.

        Only the gunicorn master started here is stopped, by its pid, also when the block
        raises or the harness is interrupted; the master takes its workers down with it.
        """
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "example_site.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            # Slow scenarios must be measured, not killed by gunicorn's default 30 s.
            "--timeout=120",
            "--graceful-timeout=5",
            f"--error-logfile={self.log}",
            "--log-level=warning",
        ]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_answering(start_timeout)
            yield self
        finally:
            self._stop()

    def _wait_until_answering(self, timeout):
        url = f"{self.base_url}/api/integration/v1/version"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self._process.returncode}:\n{self.tail()}")
            try:
                fetch_status(url, timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer on {url} within {timeout} s:\n{self.tail()}")

    def _stop(self):
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown of master and workers
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)

    def tail(self, lines=30):
        """The last ``lines`` of gunicorn's log, for error messages."""
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
