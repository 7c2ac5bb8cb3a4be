"""Checking web addresses politely and safely: the plain-Python core of the link checker.

No Django here: :class:`LinkChecker` takes its limits as arguments and returns
:class:`CheckResult` objects; ``links.py`` feeds it the addresses of guides and organisations
and stores what it finds.

Safety: the addresses come from editors, and a check runs on the server, inside the city's
network. Every connection, the first and each one after a redirect, goes through the guard of
``address_guard.py``, which refuses private, loopback and link-local addresses. No proxy from the
environment is used: a proxy would make the request on our behalf, past the guard.
"""

import ipaddress
import queue
import re
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import idna
import urllib3
from urllib3 import exceptions as urllib3_errors

from ..exceptions import IntegrationError
from .address_guard import BlockedAddressError, guarded_pool_manager, is_public_address

__all__ = [
    "BLOCKED",
    "BROKEN",
    "ERROR",
    "OK",
    "BlockedAddressError",
    "CheckResult",
    "HostThrottle",
    "InvalidURLError",
    "LinkChecker",
    "is_public_address",
    "prepare_url",
]

# Outcomes; the same values as ``models.LinkStatus``.
OK, BROKEN, ERROR, BLOCKED = "ok", "broken", "error", "blocked"

# Reasons for ERROR and BLOCKED; the same values as ``models.LinkErrorCode``.
INVALID_URL, DNS, REFUSED, TIMEOUT, RESET, TLS = (
    "invalid_url",
    "dns",
    "refused",
    "timeout",
    "reset",
    "tls",
)
TOO_MANY_REDIRECTS, REDIRECT_LOOP, BAD_REDIRECT, OTHER = (
    "too_many_redirects",
    "redirect_loop",
    "bad_redirect",
    "other",
)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_URL_LENGTH = 2000
DEFAULT_USER_AGENT = "wagtail-integration-linkcheck"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_HOST_NAME = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$")
# Characters left alone when quoting a path or query, as browsers and requests do.
_SAFE_IN_URL = "!#$%&'()*+,/:;=?@[]~"


class InvalidURLError(IntegrationError, ValueError):
    """The text is not an http or https address that can be requested."""


@dataclass
class CheckResult:
    """What checking one address found."""

    url: str
    kind: str
    status_code: int | None = None
    error_code: str = ""
    error_message: str = ""
    redirect_chain: list = field(default_factory=list)
    final_url: str = ""
    duration_ms: int = 0
    method: str = ""
    bytes_read: int = 0

    @property
    def ok(self):
        """Whether the address works."""
        return self.kind == OK


def prepare_url(url):
    """Return ``(request URL, host)`` for ``url``, or raise :class:`InvalidURLError`.

    The request URL has its host in ASCII (IDNA), its path and query percent-encoded, and neither
    user name, password nor fragment.
    """
    if not isinstance(url, str):
        raise InvalidURLError("not a text")
    url = url.strip()
    if not url:
        raise InvalidURLError("empty")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURLError(f"longer than {MAX_URL_LENGTH} characters")
    if _CONTROL_CHARACTERS.search(url):
        raise InvalidURLError("contains control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidURLError("only http and https addresses can be checked")
    host = parts.hostname
    if not host:
        raise InvalidURLError("no host name")
    host = _ascii_host(host)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    path = quote(parts.path, safe=_SAFE_IN_URL) or "/"
    query = quote(parts.query, safe=_SAFE_IN_URL)
    return urlunsplit((scheme, netloc, path, query, "")), host


def _ascii_host(host):
    """The host name in ASCII, or the IP address as text; raise InvalidURLError otherwise."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host.isascii():
        ascii_host = host.lower()
    else:
        # IDNA 2008 with UTS 46, as browsers do: "straße.de" is xn--strae-oqa.de, not the
        # strasse.de of Python's own (IDNA 2003) codec.
        try:
            ascii_host = idna.encode(host, uts46=True, transitional=False).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            raise InvalidURLError(f"{host!r} is not a valid host name") from None
    if len(ascii_host) > 253 or not _HOST_NAME.match(ascii_host):
        raise InvalidURLError(f"{host!r} is not a valid host name")
    return ascii_host


class HostThrottle:
    """Leaves at least ``delay`` seconds between the end of one request to a host and the start
    of the next, across threads: a slow server gets more time, not more requests."""

    def __init__(self, delay, clock=time.monotonic, sleep=time.sleep):
        self.delay = delay
        self._clock, self._sleep = clock, sleep
        self._next = {}
        self._lock = threading.Lock()

    def wait(self, host):
        """Block until a request to ``host`` may be sent, and reserve that moment."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.delay
        if slot > now:
            self._sleep(slot - now)

    def finished(self, host):
        """Note that a request to ``host`` has ended: the next one waits ``delay`` from now."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0), self._clock() + self.delay)


class LinkChecker:
    """Checks web addresses: ``HEAD`` first, ``GET`` when that is refused; redirects recorded.

    Every limit is an argument: ``timeout`` (seconds to connect, and for each answer),
    ``max_redirects``, ``max_bytes`` (of a body read at most), ``host_delay`` (seconds between two
    requests to one host), ``workers`` (hosts checked at the same time by :meth:`check_many`).
    ``address_allowed`` decides which IP addresses may be connected to; the default allows only
    public ones. Override :meth:`classify` to judge status codes differently.
    """

    def __init__(
        self,
        *,
        timeout=10.0,
        max_redirects=5,
        max_bytes=64 * 1024,
        host_delay=1.0,
        workers=8,
        user_agent=DEFAULT_USER_AGENT,
        address_allowed=is_public_address,
    ):
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.workers = max(1, workers)
        self.throttle = HostThrottle(host_delay)
        self.http = guarded_pool_manager(
            address_allowed,
            num_pools=max(10, self.workers * 2),
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Encoding": "identity",
            },
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
            retries=False,
        )

    def check(self, url):
        """Check one address; never raises, every failure is a result."""
        started = time.monotonic()
        try:
            request_url, _ = prepare_url(url)
        except InvalidURLError as exc:
            result = CheckResult(url, ERROR, error_code=INVALID_URL, error_message=str(exc))
        else:
            result = self._follow(url, request_url, "HEAD")
            # Many servers answer HEAD wrongly (405, 403, 404, or a dropped connection) while GET
            # works; a link counts as failed only if GET fails as well.
            if result.kind == BROKEN or result.error_code == RESET:
                result = self._follow(url, request_url, "GET")
        result.duration_ms = round((time.monotonic() - started) * 1000)
        return result

    def check_many(self, urls):
        """Check ``urls`` (duplicates once), yielding each result as soon as it is there.

        The addresses of one host are checked one after another; up to ``workers`` hosts at once.
        """
        groups = defaultdict(list)
        for url in dict.fromkeys(urls):
            try:
                host = prepare_url(url)[1]
            except InvalidURLError:
                host = ""
            groups[host].append(url)
        if not groups:
            return
        results = queue.SimpleQueue()
        stop = threading.Event()

        def check_group(group):
            for url in group:
                if stop.is_set():
                    return
                try:
                    results.put(self.check(url))
                except Exception as exc:  # a bug must not lose the other results
                    results.put(CheckResult(url, ERROR, error_code=OTHER, error_message=repr(exc)))

        total = sum(len(group) for group in groups.values())
        # The biggest groups start first, so that they do not finish last on their own.
        ordered = sorted(groups.values(), key=len, reverse=True)
        executor = ThreadPoolExecutor(max_workers=min(self.workers, len(ordered)))
        try:
            for group in ordered:
                executor.submit(check_group, group)
            for _ in range(total):
                yield results.get()
        finally:
            stop.set()
            executor.shutdown(wait=True, cancel_futures=True)

    def classify(self, status_code):
        """The outcome of a final (non-redirect) HTTP status: OK below 400, BROKEN from 400."""
        return OK if status_code < 400 else BROKEN

    def _follow(self, url, request_url, method):
        chain, seen, current = [], {request_url}, request_url
        for _ in range(self.max_redirects + 1):
            try:
                status, location, bytes_read = self._request(method, current)
            except (urllib3_errors.HTTPError, OSError, BlockedAddressError) as exc:
                kind, code, message = self._describe_error(exc)
                return CheckResult(
                    url, kind, error_code=code, error_message=message,
                    redirect_chain=chain, final_url=current, method=method,
                )  # fmt: skip
            if status in REDIRECT_STATUSES and location:
                chain.append({"url": current, "status": status})
                try:
                    current, _ = prepare_url(urljoin(current, location))
                except InvalidURLError as exc:
                    return CheckResult(
                        url, ERROR, status_code=status, error_code=BAD_REDIRECT,
                        error_message=f"{location!r}: {exc}", redirect_chain=chain,
                        final_url=location, method=method,
                    )  # fmt: skip
                if current in seen:
                    return CheckResult(
                        url, ERROR, status_code=status, error_code=REDIRECT_LOOP,
                        error_message=f"redirected back to {current}", redirect_chain=chain,
                        final_url=current, method=method,
                    )  # fmt: skip
                seen.add(current)
                continue
            return CheckResult(
                url, self.classify(status), status_code=status, redirect_chain=chain,
                final_url=current, method=method, bytes_read=bytes_read,
            )  # fmt: skip
        return CheckResult(
            url, ERROR, status_code=chain[-1]["status"], error_code=TOO_MANY_REDIRECTS,
            error_message=f"more than {self.max_redirects} redirects", redirect_chain=chain,
            final_url=current, method=method,
        )  # fmt: skip

    def _request(self, method, url):
        """Send one request; return its status, Location header and the bytes of body read."""
        host = urlsplit(url).hostname
        self.throttle.wait(host)
        try:
            response = self.http.request(
                method, url, preload_content=False, redirect=False, retries=False
            )
        except Exception:
            self.throttle.finished(host)
            raise
        try:
            bytes_read = 0
            if method == "GET":
                deadline = time.monotonic() + self.timeout
                # read1 returns what has arrived, so a server that trickles an endless body
                # cannot hold the check past the deadline.
                while bytes_read < self.max_bytes and time.monotonic() < deadline:
                    try:
                        chunk = response.read1(
                            min(16384, self.max_bytes - bytes_read), decode_content=False
                        )
                    except (urllib3_errors.HTTPError, OSError):
                        break  # the status line and headers have arrived; that is the answer
                    if not chunk:
                        break
                    bytes_read += len(chunk)
            return response.status, response.headers.get("Location"), bytes_read
        finally:
            if method == "GET":
                response.close()  # the rest of the body is not wanted: drop the connection
            response.release_conn()
            self.throttle.finished(host)

    def _describe_error(self, exc):
        """``(kind, error code, message)`` for an exception raised by a request."""
        if isinstance(exc, BlockedAddressError):
            return BLOCKED, "blocked", str(exc)
        if isinstance(exc, urllib3_errors.NameResolutionError):
            return ERROR, DNS, str(exc.__cause__ or exc)
        if isinstance(exc, urllib3_errors.SSLError):
            return ERROR, TLS, str(exc)
        if isinstance(exc, urllib3_errors.NewConnectionError):
            return ERROR, REFUSED, _strip_object_repr(str(exc))
        if isinstance(exc, urllib3_errors.TimeoutError | TimeoutError):
            return ERROR, TIMEOUT, f"no answer within {self.timeout:g} s"
        if isinstance(exc, urllib3_errors.ProtocolError):
            return ERROR, RESET, str(exc.args[-1] if exc.args else exc)
        if isinstance(exc, urllib3_errors.LocationValueError):
            return ERROR, INVALID_URL, str(exc)
        return ERROR, OTHER, f"{type(exc).__name__}: {exc}"


def _strip_object_repr(message):
    """urllib3 puts ``<...Connection object at 0x…>: `` before its messages; drop it."""
    return re.sub(r"^<[^>]+>: ", "", message)
