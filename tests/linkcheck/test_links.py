"""The link checker: wagtail_integration/linkcheck/urlcheck.py (HTTP, SSRF guard) against a local
HTTP server the tests start themselves, and linkcheck/links.py (collecting, recording), the
``check_links`` command and task, and the "Broken links" report and dashboard panel."""

import csv
import datetime
import http.server
import io
import ipaddress
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from tests import factories
from tests.services import free_port
from wagtail_integration.celery import beat_schedule
from wagtail_integration.linkcheck import links, urlcheck
from wagtail_integration.linkcheck.models import CheckedURL, LinkCheck, LinkStatus, LinkUsage
from wagtail_integration.linkcheck.tasks import check_links as check_links_task
from wagtail_integration.linkcheck.urlcheck import (
    BLOCKED,
    BROKEN,
    ERROR,
    OK,
    HostThrottle,
    LinkChecker,
    is_public_address,
    prepare_url,
)

LOOPBACK = ipaddress.ip_address("127.0.0.1")
MAX_BYTES = 8 * 1024


# The local test server -----------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers each path the way one kind of real server does."""

    protocol_version = "HTTP/1.1"
    redirects = {
        "/chain/a": (301, "/chain/b"),
        "/chain/b": (302, "/chain/c"),
        "/chain/c": (308, "/ok"),
        "/loop/a": (302, "/loop/b"),
        "/loop/b": (302, "/loop/a"),
        "/to-private": (302, "http://10.1.2.3/intranet"),
        "/to-link-local": (302, "http://169.254.169.254/latest/meta-data/"),
        "/to-ipv6-loopback": (302, "http://[::1]/"),
        "/to-ftp": (302, "ftp://example.org/file"),
    }

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")

    def answer(self, method):
        self.server.requests.append((method, self.path, time.monotonic()))
        path = self.path
        if path in self.redirects:
            status, location = self.redirects[path]
            return self.send(status, headers={"Location": location})
        if path.startswith("/many/"):
            number = int(path.rsplit("/", 1)[1])
            return self.send(302, headers={"Location": f"/many/{number + 1}"})
        if path == "/ok":
            return self.send(200, b"<html><body>Hallo</body></html>")
        if path == "/missing":
            return self.send(404, b"not here")
        if path == "/error":
            return self.send(500, b"broken")
        if path == "/head-refused" and method == "HEAD":
            return self.send(405)
        if path == "/head-refused":
            return self.send(200, b"ok")
        if path == "/head-missing":  # a server that answers HEAD wrongly
            return self.send(404 if method == "HEAD" else 200, b"ok")
        if path == "/slow":
            time.sleep(2)
            return self.send(200, b"late")
        if path == "/reset":
            # SO_LINGER 0: closing sends a TCP reset instead of an orderly close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if path in ("/endless", "/huge", "/trickle"):
            if method == "HEAD":
                return self.send(405)
            return self.stream(path)
        return self.send(404)

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def stream(self, path):
        """An endless body, a 10 GB one, or one byte every 50 ms, until the client hangs up."""
        self.send_response(200)
        if path == "/huge":
            self.send_header("Content-Length", str(10 * 1024**3))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"x" if path == "/trickle" else b"x" * 16384
        written = 0
        try:
            while written < 200 * 1024**2:  # a safety stop far above anything the checker reads
                self.wfile.write(chunk)
                written += len(chunk)
                if path == "/trickle":
                    time.sleep(0.05)
        except OSError:
            pass
        self.server.streamed[path] = written


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests, self.streamed = [], {}

    def handle_error(self, request, client_address):
        pass  # the reset and the hang-ups are on purpose

    def url(self, path):
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def running(server):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server():
    with running(Server()) as server:
        yield server


@pytest.fixture
def checker():
    """A checker that may reach this machine's 127.0.0.1 (the test server) and nothing else."""
    return LinkChecker(
        timeout=0.5,
        max_redirects=5,
        max_bytes=MAX_BYTES,
        host_delay=0,
        workers=4,
        address_allowed=lambda address: address == LOOPBACK,
    )


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket of this process tries to connect to during the test."""
    attempts = []
    original = socket.socket.connect

    def connect(sock, address):
        attempts.append(address[0])
        return original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


# Answers -------------------------------------------------------------------------------------


def test_a_working_page_is_ok_after_a_single_head_request(checker, server):
    result = checker.check(server.url("/ok"))

    assert (result.kind, result.status_code, result.method) == (OK, 200, "HEAD")
    assert result.redirect_chain == []
    assert result.final_url == server.url("/ok")
    assert result.bytes_read == 0


def test_a_redirect_chain_is_followed_and_recorded_hop_by_hop(checker, server):
    result = checker.check(server.url("/chain/a"))

    assert (result.kind, result.status_code) == (OK, 200)
    assert result.redirect_chain == [
        {"url": server.url("/chain/a"), "status": 301},
        {"url": server.url("/chain/b"), "status": 302},
        {"url": server.url("/chain/c"), "status": 308},
    ]
    assert result.final_url == server.url("/ok")


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/error", 500)])
def test_an_error_status_is_broken_and_confirmed_with_get(checker, server, path, status):
    server.requests.clear()
    result = checker.check(server.url(path))

    assert (result.kind, result.status_code, result.method) == (BROKEN, status, "GET")
    assert [(m, p) for m, p, _ in server.requests] == [("HEAD", path), ("GET", path)]


@pytest.mark.parametrize("path", ["/head-refused", "/head-missing"])
def test_a_server_that_refuses_head_is_asked_with_get(checker, server, path):
    result = checker.check(server.url(path))

    assert (result.kind, result.status_code, result.method) == (OK, 200, "GET")


def test_a_slow_server_is_an_error_after_the_timeout_not_a_hang(checker, server):
    started = time.monotonic()
    result = checker.check(server.url("/slow"))

    assert (result.kind, result.error_code) == (ERROR, "timeout")
    assert time.monotonic() - started < 1.9  # the server answers after 2 s


def test_a_connection_reset_is_an_error(checker, server):
    result = checker.check(server.url("/reset"))

    assert (result.kind, result.error_code) == (ERROR, "reset")
    assert result.error_message


@pytest.mark.parametrize("path", ["/endless", "/huge"])
def test_an_endless_or_huge_body_is_read_only_up_to_the_limit(checker, server, path):
    started = time.monotonic()
    result = checker.check(server.url(path))

    assert (result.kind, result.status_code, result.method) == (OK, 200, "GET")
    assert 0 < result.bytes_read <= MAX_BYTES
    assert time.monotonic() - started < 2


def test_a_body_that_trickles_in_is_read_no_longer_than_the_timeout(checker, server):
    started = time.monotonic()
    result = checker.check(server.url("/trickle"))

    assert (result.kind, result.status_code) == (OK, 200)
    assert time.monotonic() - started < 1.5  # timeout 0.5 s; the server would send for ever
    assert result.bytes_read < MAX_BYTES


def test_a_redirect_loop_is_an_error(checker, server):
    result = checker.check(server.url("/loop/a"))

    assert (result.kind, result.error_code) == (ERROR, "redirect_loop")
    assert [hop["status"] for hop in result.redirect_chain] == [302, 302]


def test_more_redirects_than_allowed_are_an_error(checker, server):
    result = checker.check(server.url("/many/1"))

    assert (result.kind, result.error_code) == (ERROR, "too_many_redirects")
    assert len(result.redirect_chain) == checker.max_redirects + 1


def test_a_redirect_to_an_address_that_is_not_http_is_an_error(checker, server):
    result = checker.check(server.url("/to-ftp"))

    assert (result.kind, result.error_code) == (ERROR, "bad_redirect")
    assert result.final_url == "ftp://example.org/file"


def test_a_refused_connection_is_an_error(checker):
    result = checker.check(f"http://127.0.0.1:{free_port()}/")

    assert (result.kind, result.error_code) == (ERROR, "refused")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """The test server behind TLS with a self-signed certificate no client trusts."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = Server()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with running(server):
        yield server


def test_an_untrusted_certificate_is_a_tls_error(checker, tls_server):
    result = checker.check(tls_server.url("/ok").replace("http://", "https://"))

    assert (result.kind, result.error_code) == (ERROR, "tls")
    assert "certificate" in result.error_message.lower()


def test_a_server_that_does_not_speak_tls_is_a_tls_error(checker, server):
    result = checker.check(server.url("/ok").replace("http://", "https://"))

    assert (result.kind, result.error_code) == (ERROR, "tls")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "not a url",
        "www.example.org/ohne-schema",
        "ftp://example.org/file",
        "javascript:alert(1)",
        "mailto:info@example.org",
        "http://",
        "http:///path",
        "http://[::1",
        "http://example.org:99999/",
        "http://example.org:port/",
        "http://exa mple.org/",
        "http://exa\x00mple.org/",
        "https://example.org/\nzweite-zeile",
        "http://-.example.org/",
        "http://" + "a" * 300 + ".org/",
        "https://example.org/" + "x" * 3000,
    ],
)
def test_a_malformed_address_is_an_error_without_any_request(checker, connections, url):
    result = checker.check(url)

    assert (result.kind, result.error_code) == (ERROR, "invalid_url")
    assert result.error_message
    assert connections == []


def test_an_address_is_prepared_for_the_request():
    assert prepare_url(" https://Bürgeramt.Koblenz.de/Öffnungszeiten?q=ä ö#oben ") == (
        "https://xn--brgeramt-65a.koblenz.de/%C3%96ffnungszeiten?q=%C3%A4%20%C3%B6",
        "xn--brgeramt-65a.koblenz.de",
    )
    # As browsers do (IDNA 2008): ß stays ß, it does not become "ss".
    assert prepare_url("https://www.straße.de")[1] == "www.xn--strae-oqa.de"
    assert prepare_url("http://user:secret@[2001:db8::1]:8080") == (
        "http://[2001:db8::1]:8080/",
        "2001:db8::1",
    )


# The guard against internal addresses ---------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2a00:1450:4001:82b::2003", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.178.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fec0::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
        ("64:ff9b::5db8:d70e", True),  # NAT64 around a public address
    ],
)
def test_only_public_addresses_are_allowed(address, public):
    assert is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/ok",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://2130706433:{port}/ok",  # 127.0.0.1 written as one number
        "http://0x7f.1:{port}/ok",
    ],
)
def test_the_default_guard_refuses_internal_addresses_without_connecting(server, connections, url):
    checker = LinkChecker(timeout=0.5, host_delay=0)  # the default: public addresses only
    server.requests.clear()

    result = checker.check(url.format(port=server.server_address[1]))

    assert (result.kind, result.error_code) == (BLOCKED, "blocked")
    assert connections == []
    assert server.requests == []


def test_a_host_name_is_refused_when_any_of_its_addresses_is_internal(monkeypatch, connections):
    def getaddrinfo(host, port, *args, **kwargs):
        assert host == "mixed.example"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.10", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result = LinkChecker(timeout=0.5, host_delay=0).check("http://mixed.example/")

    assert result.kind == BLOCKED
    assert "192.168.0.10" in result.error_message
    assert connections == []


def test_a_host_name_is_resolved_once_and_connected_to_at_the_address_checked(
    monkeypatch, server, connections
):
    # A second DNS answer (rebinding to an internal address) must not be used to connect.
    answers = iter(["127.0.0.1", "10.9.9.9"])

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    checker = LinkChecker(timeout=0.5, host_delay=0, address_allowed=lambda a: a == LOOPBACK)
    result = checker.check(f"http://rebind.example:{server.server_address[1]}/ok")

    assert (result.kind, result.status_code) == (OK, 200)
    assert connections == ["127.0.0.1"]


@pytest.mark.parametrize(
    ("path", "internal"),
    [
        ("/to-private", "10.1.2.3"),
        ("/to-link-local", "169.254.169.254"),
        ("/to-ipv6-loopback", "::1"),
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(checker, server, connections, path, internal):
    result = checker.check(server.url(path))

    assert (result.kind, result.error_code) == (BLOCKED, "blocked")
    assert result.redirect_chain == [{"url": server.url(path), "status": 302}]
    assert internal in result.error_message
    assert set(connections) == {"127.0.0.1"}  # only the test server itself


@override_settings(WAGTAIL_INTEGRATION={})
def test_the_settings_allow_only_public_addresses_by_default(server, connections):
    result = links.checker_from_settings(timeout=0.5).check(server.url("/ok"))

    assert result.kind == BLOCKED
    assert connections == []


@override_settings(WAGTAIL_INTEGRATION={"LINKCHECK_ALLOW_PRIVATE_ADDRESSES": True})
def test_the_guard_is_switched_off_only_by_its_setting(server):
    result = links.checker_from_settings(timeout=0.5, host_delay=0).check(server.url("/ok"))

    assert (result.kind, result.status_code) == (OK, 200)


@override_settings(
    WAGTAIL_INTEGRATION={
        "LINKCHECK_TIMEOUT": 3,
        "LINKCHECK_MAX_REDIRECTS": 2,
        "LINKCHECK_MAX_RESPONSE_KB": 4,
        "LINKCHECK_HOST_DELAY": 0.25,
        "LINKCHECK_WORKERS": 3,
    },
    WAGTAILADMIN_BASE_URL="https://www.koblenz.example",
)
def test_the_checker_takes_its_limits_from_the_settings():
    checker = links.checker_from_settings()

    assert (checker.timeout, checker.max_redirects, checker.max_bytes) == (3.0, 2, 4096)
    assert (checker.throttle.delay, checker.workers) == (0.25, 3)
    user_agent = checker.http.headers["User-Agent"]
    assert user_agent.startswith("wagtail-integration-linkcheck/")
    assert user_agent.endswith("(+https://www.koblenz.example)")


# Politeness and concurrency -------------------------------------------------------------------


def test_requests_to_one_host_are_spaced_by_the_host_delay(server, monkeypatch):
    # Measured where the requests leave this process: the server's threads add their own jitter.
    sent, original = [], socket.socket.sendall

    def sendall(sock, data, *args):
        if sock.getpeername()[1] == server.server_address[1]:  # the checker's, not the server's
            sent.append(time.monotonic())
        return original(sock, data, *args)

    monkeypatch.setattr(socket.socket, "sendall", sendall)
    checker = LinkChecker(
        timeout=1, host_delay=0.2, workers=4, address_allowed=lambda a: a == LOOPBACK
    )
    server.requests.clear()

    urls = [server.url("/ok"), server.url("/chain/c"), server.url("/missing")]
    results = list(checker.check_many(urls))

    assert len(results) == 3
    # /ok, /chain/c and its redirect to /ok, HEAD and GET of /missing
    assert len(server.requests) == len(sent) == 5
    assert min(b - a for a, b in zip(sent, sent[1:], strict=False)) >= 0.2


def test_the_throttle_spaces_requests_per_host_from_the_end_of_the_last_one():
    now, slept = [100.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    throttle = HostThrottle(2.0, clock=lambda: now[0], sleep=sleep)
    throttle.wait("a.example")  # at 100: at once
    throttle.wait("b.example")  # another host: at once
    now[0] += 0.5
    throttle.finished("a.example")  # a.example answered at 100.5
    throttle.wait("a.example")  # so the next request waits until 102.5
    throttle.wait("a.example")  # and the one after that until 104.5 at least

    assert slept == [2.0, 2.0]
    assert now[0] == 104.5


class RecordingChecker(LinkChecker):
    """Checks nothing over the network; records how many checks ran at once, and per host."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.lock = threading.Lock()
        self.running, self.peak, self.hosts_running, self.host_peak = 0, 0, {}, 0

    def check(self, url):
        host = prepare_url(url)[1]
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.hosts_running[host] = self.hosts_running.get(host, 0) + 1
            self.host_peak = max(self.host_peak, self.hosts_running[host])
        time.sleep(0.02)
        with self.lock:
            self.running -= 1
            self.hosts_running[host] -= 1
        return urlcheck.CheckResult(url, OK, status_code=200)


def test_check_many_runs_at_most_workers_hosts_at_once_and_one_check_per_host():
    checker = RecordingChecker(workers=3, host_delay=0)
    urls = [f"https://host{h}.example/{n}" for h in range(8) for n in range(4)]
    urls += urls[:5] + ["kaputt"]  # duplicates are checked once; a malformed one is a result

    results = list(checker.check_many(urls))

    assert sorted(r.url for r in results) == sorted(set(urls))
    assert checker.peak == 3
    assert checker.host_peak == 1


# Collecting and recording ----------------------------------------------------------------------


def links_block(*items):
    return [
        {"type": "item", "id": str(uuid.uuid4()), "value": {"url": url, "title": title,
                                                            "description": "", "languages": []}}
        for url, title in items
    ]  # fmt: skip


@pytest.fixture
def index(db):
    return factories.topic_index()


@pytest.fixture
def guide(index, server):
    return factories.guide(
        index,
        title="Sprachkurse",
        body=[
            ("heading", "Kurse"),
            (
                "links",
                links_block((server.url("/ok"), "Kursfinder"), (server.url("/missing"), "Alt")),
            ),
            (
                "text",
                f'<p>Siehe <a href="{server.url("/chain/a")}">die Übersicht</a> und '
                f'<a linktype="page" id="{index.pk}">unsere Seite</a> und '
                '<a href="mailto:kurse@example.org">Mail</a>.</p>',
            ),
            (
                "faq",
                [
                    {
                        "type": "item",
                        "id": str(uuid.uuid4()),
                        "value": {
                            "question": "Was kostet es?",
                            "answer": f'<p><a href="{server.url("/error")}">Preise</a></p>',
                        },
                    }
                ],
            ),
        ],
    )


def test_every_external_address_of_live_guides_and_organisations_is_collected(index, guide, server):
    factories.guide(
        index, live=False, body=[("links", links_block(("https://draft.example/", "x")))]
    )
    organisation = factories.organisation(name="Caritas", website=server.url("/ok"))
    factories.organisation(name="Ohne Website", website="")

    found = links.collect_links()

    assert len(found) == 5
    assert set(found) == {
        links.FoundLink(server.url("/ok"), guide.pk, None, "links", "Kursfinder"),
        links.FoundLink(server.url("/missing"), guide.pk, None, "links", "Alt"),
        links.FoundLink(server.url("/chain/a"), guide.pk, None, "text", "die Übersicht"),
        links.FoundLink(server.url("/error"), guide.pk, None, "faq", "Preise"),
        links.FoundLink(server.url("/ok"), None, organisation.pk, "website", ""),
    }


@pytest.fixture
def allow_test_server(settings):
    settings.WAGTAIL_INTEGRATION = {
        "LINKCHECK_ALLOW_PRIVATE_ADDRESSES": True,
        "LINKCHECK_HOST_DELAY": 0.0,
        "LINKCHECK_TIMEOUT": 1.0,
    }


def test_a_run_stores_each_address_once_with_its_usages_and_result(
    guide, server, allow_test_server
):
    organisation = factories.organisation(name="Caritas", website=server.url("/ok"))

    summary = links.run()

    assert summary.as_dict() == {
        "found": 4,
        "checked": 4,
        "outcomes": {"ok": 2, "broken": 2},
    }
    ok = CheckedURL.objects.get(url=server.url("/ok"))
    assert ok.status == LinkStatus.OK and ok.failing_since is None
    assert {(u.guide_id, u.organisation_id) for u in ok.usages.all()} == {
        (guide.pk, None),
        (None, organisation.pk),
    }
    chain = CheckedURL.objects.get(url=server.url("/chain/a")).latest_check
    assert [hop["status"] for hop in chain.redirect_chain] == [301, 302, 308]
    assert chain.final_url == server.url("/ok")
    missing = CheckedURL.objects.get(url=server.url("/missing"))
    assert (missing.status, missing.latest_check.status_code) == (LinkStatus.BROKEN, 404)
    assert missing.failing_since == missing.latest_check.checked_at
    assert missing.host == "127.0.0.1"


def test_a_second_run_skips_links_checked_recently_unless_forced(guide, allow_test_server):
    links.run()
    assert links.run().checked == 0
    assert links.run(force=True).checked == 4
    assert LinkCheck.objects.count() == 8


def test_the_history_keeps_every_check_and_when_a_link_started_failing(
    guide, server, allow_test_server
):
    links.run()
    missing = CheckedURL.objects.get(url=server.url("/missing"))
    first_failure = missing.failing_since
    links.run(force=True)
    missing.refresh_from_db()

    assert missing.checks.count() == 2
    assert missing.failing_since == first_failure
    assert missing.latest_check == missing.checks.first()


def test_a_link_that_works_again_is_no_longer_failing(guide, server, allow_test_server):
    links.run()
    missing = CheckedURL.objects.get(url=server.url("/missing"))
    links.record_result(missing, urlcheck.CheckResult(missing.url, OK, status_code=200))
    missing.refresh_from_db()

    assert missing.failing_since is None
    assert missing.status == LinkStatus.OK


def test_an_address_removed_from_every_guide_loses_its_usages(guide, server, allow_test_server):
    links.run()
    guide.body = []
    guide.save_revision().publish()
    links.run()

    assert not LinkUsage.objects.exists()
    assert CheckedURL.objects.count() == 4  # the history stays until LINKCHECK_HISTORY_DAYS


def test_old_checks_and_long_unused_addresses_are_pruned(guide, server, allow_test_server):
    links.run()
    links.run(force=True)
    ok = CheckedURL.objects.get(url=server.url("/ok"))
    LinkCheck.objects.filter(checked_url=ok).update(
        checked_at=timezone.now() - datetime.timedelta(days=400)
    )
    gone = CheckedURL.objects.create(url="https://gone.example/")
    CheckedURL.objects.filter(pk=gone.pk).update(
        last_seen_at=timezone.now() - datetime.timedelta(days=400)
    )

    links.prune_history()

    assert list(ok.checks.all()) == [ok.latest_check]  # the newest check is always kept
    assert not CheckedURL.objects.filter(pk=gone.pk).exists()


def test_a_very_long_or_unusual_address_is_stored_and_recorded_as_invalid(index, allow_test_server):
    long_url = "https://example.org/" + "ü" * 5000
    factories.guide(index, body=[("text", f'<p><a href="{long_url}">lang</a></p>')])

    links.run()

    stored = CheckedURL.objects.get()
    assert stored.url == long_url
    assert (stored.status, stored.latest_check.error_code) == (LinkStatus.ERROR, "invalid_url")


# The command and the task ----------------------------------------------------------------------


def test_the_command_shows_progress_and_a_summary(guide, server, allow_test_server):
    out = io.StringIO()
    call_command("check_links", stdout=out)

    lines = out.getvalue().splitlines()
    assert len([line for line in lines if line.startswith("[")]) == 4
    assert any(line.startswith("[") and "/missing" in line and "404" in line for line in lines)
    assert any("-> " + server.url("/ok") in line for line in lines)  # the redirect's end
    assert lines[-1] == "4 link(s) in use, 4 checked: broken 2, ok 2."


def test_the_command_checks_one_address_again_on_request(guide, server, allow_test_server):
    call_command("check_links", stdout=io.StringIO())
    out = io.StringIO()
    call_command("check_links", "--url", server.url("/missing"), stdout=out)

    assert out.getvalue().splitlines()[-1] == "4 link(s) in use, 1 checked: broken 1."


def test_the_task_runs_a_check_and_returns_its_summary(guide, allow_test_server):
    result = check_links_task.apply().get()

    assert result["checked"] == 4


def test_a_second_task_run_while_one_holds_the_lock_does_nothing(guide, allow_test_server):
    from django.core.cache import cache

    from wagtail_integration.linkcheck.tasks import LINKCHECK_LOCK

    cache.set(LINKCHECK_LOCK, "another worker", 60)
    try:
        assert check_links_task.apply().get() == {"skipped": "already running"}
    finally:
        cache.delete(LINKCHECK_LOCK)
    assert not LinkCheck.objects.exists()


def test_the_link_check_runs_weekly_in_the_beat_schedule():
    entry = beat_schedule()["wagtail-integration-check-links"]

    assert entry["task"] == check_links_task.name
    assert entry["schedule"].day_of_week == {1}  # Monday
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {30})


# The report and the dashboard panel -------------------------------------------------------------

REPORT = "/admin/integration/reports/broken-links/"


@pytest.fixture
def admin_client(admin_client, admin_user):
    """The superuser's client, with English chosen as admin language (texts compared below)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    return admin_client


@pytest.fixture
def checked(guide, server, allow_test_server):
    links.run()
    return guide


@pytest.fixture
def editor(db, django_user_model):
    """An editor with page permissions (not a superuser)."""
    user = django_user_model.objects.create_user("redaktion", "redaktion@example.org", "pw")
    group = Group.objects.create(name="Redaktion")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    from wagtail.models import GroupPagePermission, Page

    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(depth=1), permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page")
    )  # fmt: skip
    user.groups.add(group)
    return user


def test_the_report_lists_broken_links_with_where_they_are_used(admin_client, checked, server):
    response = admin_client.get(REPORT)

    assert response.status_code == 200
    html = response.content.decode()
    assert server.url("/missing") in html
    assert server.url("/error") in html
    assert f'href="{server.url("/ok")}"' not in html  # working links are not listed
    assert "Sprachkurse (de)" in html
    assert f"/admin/pages/{checked.pk}/edit/" in html


def test_the_report_filters_by_result(admin_client, checked, server):
    CheckedURL.objects.filter(url=server.url("/error")).update(failing_since=None)
    error = CheckedURL.objects.get(url=server.url("/error"))
    LinkCheck.objects.filter(pk=error.latest_check_id).update(kind=LinkStatus.ERROR)

    html = admin_client.get(REPORT, {"kind": "error"}).content.decode()

    assert server.url("/error") in html
    assert server.url("/missing") not in html


def test_the_report_exports_csv(admin_client, checked, server):
    response = admin_client.get(REPORT, {"export": "csv"})

    assert response.status_code == 200
    with translation.override("en"):  # the rows are written while the response is read
        content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Address", "Result", "HTTP status"]
    by_url = {row[0]: row for row in rows[1:]}
    assert set(by_url) == {server.url("/missing"), server.url("/error")}
    assert by_url[server.url("/missing")][2] == "404"
    assert by_url[server.url("/missing")][-1] == "Sprachkurse (de)"


def test_the_report_exports_xlsx(admin_client, checked):
    response = admin_client.get(REPORT, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_report_is_open_to_editors(client, editor, checked, server):
    client.force_login(editor)

    assert server.url("/missing") in client.get(REPORT).content.decode()


def test_the_report_refuses_anonymous_users(client, checked):
    response = client.get(REPORT)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_report_refuses_users_without_page_permissions(client, django_user_model, checked):
    user = django_user_model.objects.create_user("leser", "leser@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    response = client.get(REPORT)

    assert response.status_code in (302, 403)
    assert "/missing" not in response.content.decode()


def test_the_dashboard_shows_the_broken_links_panel(admin_client, checked, server):
    html = admin_client.get("/admin/").content.decode()

    assert 'id="integration-broken-links-panel' in html
    assert "2 broken links" in html
    assert server.url("/missing") in html
    assert f'href="{REPORT}"' in html


def test_the_dashboard_has_no_broken_links_panel_when_all_links_work(admin_client, index):
    html = admin_client.get("/admin/").content.decode()

    assert "integration-broken-links-panel" not in html


def test_the_reports_menu_links_to_the_report(admin_client, index):
    html = admin_client.get("/admin/").content.decode()

    assert "integration-broken-links-panel" not in html  # the address is the menu's
    assert REPORT in html


# A real worker ------------------------------------------------------------------------------------


ensure_default_site = factories.ensure_default_site


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_the_check_with_the_guard_on(worker, server):  # noqa: F811
    # The worker runs with the test settings as they are: internal addresses are refused there,
    # so the test server's links are recorded as blocked and the server is never asked.
    queue, _, process = worker
    ensure_default_site()
    index = factories.topic_index()
    factories.guide(index, body=[("links", links_block((server.url("/ok"), "Kursfinder")))])
    server.requests.clear()

    check_links_task.apply_async(queue=queue)

    deadline = time.monotonic() + 90
    while not LinkCheck.objects.exists():
        assert process.poll() is None, "the worker process exited"
        assert time.monotonic() < deadline, "the worker did not run the check within 90 s"
        time.sleep(0.2)
    stored = CheckedURL.objects.get()
    assert (stored.url, stored.status) == (server.url("/ok"), LinkStatus.BLOCKED)
    assert server.requests == []
