"""The guard against requests to internal addresses (server-side request forgery).

Every connection a :func:`guarded_pool_manager` opens resolves the host name itself, refuses the
whole host if *any* of its addresses is not allowed (by default: not a public unicast address),
and then connects to exactly the addresses it checked, so that a second DNS answer cannot slip an
internal address in between (DNS rebinding). TLS still verifies the certificate against the host
name. Plain Python on urllib3; no Django here.
"""

import ipaddress
import socket

import urllib3
from urllib3 import exceptions as urllib3_errors
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..exceptions import IntegrationError

__all__ = ["BlockedAddressError", "guarded_pool_manager", "is_public_address"]

# IPv6 prefix under which NAT64 gateways reach IPv4 addresses (RFC 6052).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class BlockedAddressError(IntegrationError):
    """The host resolves to an address that must not be requested from the server."""

    def __init__(self, host, address):
        self.host, self.address = host, address
        super().__init__(f"{host} resolves to {address}, which is not a public address")


def is_public_address(address):
    """Whether ``address`` (an ``ipaddress`` object) is a public unicast address.

    Addresses that carry an IPv4 address inside an IPv6 one are judged by the IPv4 address.
    """
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_site_local:
            return False
    return address.is_global and not address.is_multicast


class _GuardedConnectionMixin:
    """Resolves the host, refuses non-public addresses, connects only to what it checked.

    urllib3 (2.x) offers no public hook between resolving and connecting, so this replaces its
    ``_new_conn``, raising the same exceptions; the link checker's tests notice if that changes.
    """

    address_allowed = staticmethod(is_public_address)

    def _new_conn(self):
        host = self._dns_host.strip("[]")
        try:
            infos = socket.getaddrinfo(host, self.port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise urllib3_errors.NameResolutionError(self.host, self, exc) from exc
        for *_, sockaddr in infos:
            address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
            if not self.address_allowed(address):
                raise BlockedAddressError(self.host, address)
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        error = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(timeout)
                if self.source_address:
                    sock.bind(self.source_address)
                sock.connect(sockaddr)
                return sock
            except TimeoutError:
                sock.close()
                error = urllib3_errors.ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={timeout})"
                )
            except OSError as exc:
                sock.close()
                error = urllib3_errors.NewConnectionError(
                    self, f"Failed to establish a new connection: {exc}"
                )
        raise error or urllib3_errors.NewConnectionError(self, "No address to connect to")


def guarded_pool_manager(address_allowed, **kwargs):
    """A urllib3 ``PoolManager`` whose connections pass ``address_allowed`` first."""
    rule = {"address_allowed": staticmethod(address_allowed)}
    http = type("GuardedHTTPConnection", (_GuardedConnectionMixin, HTTPConnection), rule)
    https = type("GuardedHTTPSConnection", (_GuardedConnectionMixin, HTTPSConnection), rule)
    manager = urllib3.PoolManager(**kwargs)
    manager.pool_classes_by_scheme = {
        "http": type("GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http}),
        "https": type(
            "GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https}
        ),
    }
    return manager
