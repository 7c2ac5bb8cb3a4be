"""Real services for the outbox's tests: a local SMTP server, a Redis and a Celery worker.

The SMTP server is the test's own (aiosmtpd, in a thread of the test process): it can refuse
the first messages and records the ones it accepts. The worker is a separate process with the
example site's test settings plus a few of the test's own (a settings module written into a
temporary folder), on the test's database and a broker the test names.
"""

import email
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.services import (
    database_url_of_test_database,
    free_port,
    port_open,
    require_redis_server_binary,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent

#: The header the outbox puts on every message: the id of its row.
NOTIFICATION_HEADER = "X-Integration-Notification"


class RecordingHandler:
    """An aiosmtpd handler that answers 451 to the first ``refuse`` messages, then accepts."""

    def __init__(self, refuse=0):
        self.refuse = refuse
        self.refused = 0
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            if self.refused < self.refuse:
                self.refused += 1
                # Like real servers, the refusal quotes the recipient.
                return f"451 4.3.0 <{envelope.rcpt_tos[0]}> try again later"
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def notification_ids(self):
        """The outbox row id of every accepted message, in the order they came."""
        with self._lock:
            return [int(message[NOTIFICATION_HEADER]) for message in self.messages]


@contextmanager
def smtp_server(refuse=0):
    """An SMTP server on a free port of 127.0.0.1; yields ``(port, handler)``."""
    handler = RecordingHandler(refuse)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


def smtp_settings(port):
    """Django settings that send mail to the SMTP server on ``port``."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": 10,
    }


@contextmanager
def redis_server(port):
    """Start a throw-away redis-server on ``port`` (say, where one was stopped); stop it after.

    Stops only the process it started, by its pid.
    """
    binary = require_redis_server_binary()
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not port_open("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server on port {port} did not start")
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def _settings_module(folder, broker_url, overrides):
    name = f"worker_settings_{os.getpid()}_{time.monotonic_ns()}"
    lines = [
        "from example_site.settings.test import *  # noqa: F403",
        f"CELERY_BROKER_URL = {broker_url!r}",
        # A retry must go to the broker with its countdown, not run at once inside the worker.
        "CELERY_TASK_ALWAYS_EAGER = False",
        *(f"{key} = {value!r}" for key, value in overrides.items()),
    ]
    (Path(folder) / f"{name}.py").write_text("\n".join(lines) + "\n")
    return name


@contextmanager
def celery_worker(broker_url, folder, *, concurrency=1, **settings):
    """A worker process on ``broker_url`` with the test settings and ``settings`` on top.

    It runs on the test's database and consumes the default queue, so ``broker_url`` must be a
    Redis of the test's own. Stopped by its pid at the end; its output is printed (pytest shows
    it when the test fails).
    """
    module = _settings_module(folder, broker_url, settings)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": module,
        "DATABASE_URL": database_url_of_test_database(),
        "REDIS_URL": broker_url,
        "PYTHONPATH": os.pathsep.join([str(folder), str(PROJECT_DIR)]),
    }
    pool = ["--pool", "solo"] if concurrency == 1 else ["--pool", "threads"]
    # A file, not a pipe: a pipe nobody reads fills up and stops a busy worker.
    log_path = Path(folder) / f"{module}.log"
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable, "-m", "celery", "-A", "example_site", "worker",
            *pool, "--concurrency", str(concurrency), "--hostname", f"{module}@test",
            "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "info",
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        log.close()
        print(log_path.read_text(errors="replace")[-6000:])


def wait_for(condition, timeout, message, process=None, interval=0.2):
    """Poll ``condition()`` until it is true; fail with ``message`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None:
            assert process.poll() is None, "the worker process exited"
        assert time.monotonic() < deadline, message
        time.sleep(interval)
