"""The package's exceptions: one root to catch them all, and the errors that can pass."""

import smtplib

from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

__all__ = ["CACHE_UNREACHABLE", "TRANSIENT_ERRORS", "IntegrationError"]


class IntegrationError(Exception):
    """The root of every exception wagtail-integration raises on purpose.

    A host site catches this one to handle any of them; each derives from it (and, where it
    says so, from the built-in it refines, such as ``ValueError``).
    """


#: What a cache raises when it cannot be reached (Redis down or slow, a socket error of any
#: other backend). ``ResilientRedisCache`` answers most calls as an empty cache instead, but
#: ``incr`` (which rate limiting uses) still raises these.
CACHE_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

#: Errors that can pass, so a task retries on them: the database, cache, broker or mail server
#: could not be reached for a moment. ``smtplib.SMTPException`` and socket errors are
#: ``OSError``s. A programming error (``TypeError``, ``AttributeError``, a ``ProgrammingError``
#: of the database...) is not among them: retrying it only hides it for longer.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    BrokerOperationalError,
    smtplib.SMTPException,
    OSError,
)
