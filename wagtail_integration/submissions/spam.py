"""Spam defence without third-party services: a honeypot and a signed minimum-fill-time token.

Plain Python around Django's signing; the per-address rate limit lives in :mod:`.intake`.
A token also names one sending of a form: :func:`token_digest` is what a stored submission keeps
of it, so that the same token sent again (a double click) finds that submission.
"""

import hashlib
import secrets
import time

from django.core import signing

__all__ = ["TokenProblem", "check_token", "honeypot_filled", "make_token", "token_digest"]

_SALT = "wagtail_integration.submissions.form-token"


class TokenProblem:
    """Why a form token was refused."""

    MISSING = "missing"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    INVALID = "invalid"


def make_token(form_key, now=None):
    """A token recording when the form ``form_key`` was handed out, signed with SECRET_KEY.

    Every token is different, even two handed out in the same second: it names one sending of
    the form (:func:`token_digest`), and two people must never share one.
    """
    issued = int(now if now is not None else time.time())
    payload = {"f": str(form_key), "t": issued, "n": secrets.token_urlsafe(9)}
    return signing.dumps(payload, salt=_SALT, compress=False)


def token_digest(token):
    """The SHA-256 hex digest of ``token``: what a submission stores to recognise it again."""
    return hashlib.sha256(str(token).encode()).hexdigest()


def check_token(token, form_key, *, min_seconds, max_age_seconds, now=None):
    """Return None when ``token`` is good for ``form_key``, else a :class:`TokenProblem` value.

    A token is good when it was made for this form, at least ``min_seconds`` (people need time to
    fill in a form; scripts do not take it) and at most ``max_age_seconds`` ago.
    """
    if not token:
        return TokenProblem.MISSING
    try:
        payload = signing.loads(token, salt=_SALT)
        issued = int(payload["t"])
        key = str(payload["f"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenProblem.INVALID
    if key != str(form_key):
        return TokenProblem.INVALID
    elapsed = (now if now is not None else time.time()) - issued
    if elapsed < min_seconds:
        return TokenProblem.TOO_FAST
    if elapsed > max_age_seconds:
        return TokenProblem.EXPIRED
    return None


def honeypot_filled(value):
    """True when the field hidden from people was filled in: only scripts do that."""
    return bool(value and str(value).strip())
