"""Taking a submission in: rate limits, then store it and its notifications in one transaction."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from ..conf import submission_rate_limits
from ..exceptions import CACHE_UNREACHABLE
from ..tasks import enqueue_on_commit
from .spam import token_digest

__all__ = [
    "accept",
    "accepted_rate_limited",
    "is_replay",
    "rate_limit_message",
    "rate_limited",
    "replayed",
]

logger = logging.getLogger(__name__)

_GROUP = "wagtail_integration.submissions"


def replayed(form, token):
    """The submission that ``token``, sent with ``form``, already stored; None if none.

    For forms whose :meth:`save_submission` may refuse what it would store anew (a
    registration refuses an address already registered): answer a replay with this instead
    of going through :func:`accept` again.
    """
    model = form.get_submission_model()
    if model is None or not isinstance(token, str) or not token:
        return None
    return model._base_manager.filter(form_token_digest=token_digest(token)).first()


def is_replay(form, token):
    """Whether ``token``, sent with ``form``, already stored a submission: a double click.

    Such a request is answered with the first submission (:func:`accept`) and counted by no
    rate limit: it stores nothing, and at the limit it must not meet the block notice instead of
    the thanks. One indexed query; False without a token or a model to look in.
    """
    model = form.get_submission_model()
    if model is None or not isinstance(token, str) or not token:
        return False
    return model._base_manager.filter(form_token_digest=token_digest(token)).exists()


def _group(counter, page):
    """The django-ratelimit group of ``counter`` for ``page``'s form, in all its languages."""
    # The translation key, not the page id: the API and the page, in any language, send the
    # same form, and one count per form keeps a language switch from multiplying the limit.
    group = f"{_GROUP}.{counter}"
    return f"{group}.{page.translation_key}" if page is not None else group


def _wait(usage, refuse_at_limit=False):
    """The seconds to wait that ``usage`` (django-ratelimit's) calls for; 0 for none."""
    if not usage:
        return 0
    over = usage["should_limit"] or (refuse_at_limit and usage["count"] >= usage["limit"])
    if not over:
        return 0
    # The window's last second still counts (a new window starts the second after it); -1 is a
    # count the cache lost, which django-ratelimit answers by limiting.
    return max(1, usage["time_left"] + 1)


def _cache_unreachable(exc):
    reason = type(exc).__name__
    logger.warning("Rate limit not checked: the cache cannot be reached (%s).", reason)


def rate_limited(request, page=None):
    """The seconds the sender's address must wait before it sends ``page``'s form again.

    0 (false) when the submission may go on. Counts this request as an attempt against
    ``SUBMISSION_ATTEMPT_RATE_LIMIT``, and refuses too when the address already had
    ``SUBMISSION_RATE_LIMIT`` submissions of this form accepted (those are counted by
    :func:`accepted_rate_limited`); so a person who corrects a mistake a few times is not
    refused, a flood of posts is. Both count per address and form (``page``, every language
    version of it; None counts per address only) on django-ratelimit's cache, whose windows are
    fixed: the wait is what is left of the longer window that refuses, at least one second (send
    it as ``Retry-After``). A cache that cannot be reached lets the submission through: losing an
    offer of help is worse than letting spam in for a while.
    """
    accepted, attempts = submission_rate_limits()
    if not (accepted or attempts):
        return 0
    waits = [0]
    try:  # only these: a bug here must not switch the limit off
        if attempts:
            usage = get_usage(
                request, group=_group("attempts", page), key="ip", rate=attempts, increment=True
            )
            waits.append(_wait(usage))
        if accepted:
            # Looked at, not counted: a submission is counted once it is accepted.
            usage = get_usage(request, group=_group("accepted", page), key="ip", rate=accepted)
            waits.append(_wait(usage, refuse_at_limit=True))
    except CACHE_UNREACHABLE as exc:
        _cache_unreachable(exc)
        return 0
    return max(waits)


def accepted_rate_limited(request, page=None):
    """Count a valid submission of ``page``'s form; the seconds to wait if it is one too many.

    Call it after :func:`rate_limited` let the submission through and the form is valid, just
    before :func:`accept`. The count and the check are one step on the cache, so a burst at the
    same moment is not let through past ``SUBMISSION_RATE_LIMIT``.
    """
    accepted, _attempts = submission_rate_limits()
    if not accepted:
        return 0
    try:
        usage = get_usage(
            request, group=_group("accepted", page), key="ip", rate=accepted, increment=True
        )
    except CACHE_UNREACHABLE as exc:
        _cache_unreachable(exc)
        return 0
    return _wait(usage)


def rate_limit_message(seconds, now=None):
    """What a person refused by the rate limit is told: a temporary block, and until when.

    The end (``now``, default the present, plus ``seconds``) is rounded up to the minute and
    given in the current time zone (the site's ``TIME_ZONE``) and the active language's format;
    its date is named too when it is not today.
    """
    now = now or timezone.now()
    # Rounded in UTC, where adding a minute never lands in a summer-time gap.
    until = (now + dt.timedelta(seconds=seconds)).astimezone(dt.UTC)
    if until.second or until.microsecond:
        until = until.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    until = timezone.localtime(until)
    values = {"time": formats.time_format(until), "date": formats.date_format(until)}
    if until.date() == timezone.localtime(now).date():
        return (
            _(
                "Many forms have been sent from your internet connection, which others may be "
                "using too. To protect against misuse, sending is temporarily blocked until "
                "%(time)s today; after that, please send the form again. This is not because of "
                "your entries."
            )
            % values
        )
    return (
        _(
            "Many forms have been sent from your internet connection, which others may be "
            "using too. To protect against misuse, sending is temporarily blocked until "
            "%(time)s on %(date)s; after that, please send the form again. This is not because "
            "of your entries."
        )
        % values
    )


def accept(form, **meta):
    """Store the submission of the valid ``form`` and its outbox rows; send them after commit.

    ``form.save_submission(**meta)`` creates the submission (``meta`` names page, source and
    language), and the submission's ``outbox()`` returns its unsaved notifications. A broker that
    is down does not undo the submission: the outbox sweep sends the notifications later.

    A form token is accepted once: the submission records the token's digest under a unique
    constraint, so the same token sent again (a double click, a retried request), even at the
    same moment, stores nothing and returns the submission it stored first.
    """
    from .outbox import send_notification

    token = form.cleaned_data.get(form.token_field)
    digest = token_digest(token) if token else None
    model = None
    try:
        with transaction.atomic():
            submission = form.save_submission(**meta)
            model = type(submission)
            if digest:
                # An UPDATE after the insert, so that every form's save_submission() works as it
                # is; a second transaction with the same digest waits here for the first.
                model._base_manager.filter(pk=submission.pk).update(form_token_digest=digest)
                submission.form_token_digest = digest
            for notification in submission.outbox():
                notification.save()
                enqueue_on_commit(send_notification, notification.pk)
    except IntegrityError:
        first = None
        if digest and model is not None:
            first = model._base_manager.filter(form_token_digest=digest).first()
        if first is None:
            raise
        logger.info("Token sent again: answered with %s %s.", model._meta.label, first.pk)
        return first
    logger.info("Stored %s %s from %s.", submission._meta.label, submission.pk, meta.get("source"))
    return submission
