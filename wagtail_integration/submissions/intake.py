"""Taking a submission in: rate limit, then store it and its notifications in one transaction."""

import logging
import math

from django.db import IntegrityError, transaction
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from ..conf import get_setting
from ..exceptions import CACHE_UNREACHABLE
from ..tasks import enqueue_on_commit
from .spam import token_digest

__all__ = ["accept", "rate_limit_message", "rate_limited"]

logger = logging.getLogger(__name__)

_GROUP = "wagtail_integration.submissions"


def rate_limited(request):
    """The seconds to wait when the sender's address has sent more than ``SUBMISSION_RATE_LIMIT``.

    0 (false) when the submission may go on. Counts on the default cache through
    django-ratelimit, whose windows are fixed: the wait is what is left of the address's current
    window, at least one second (send it as ``Retry-After``). A cache that cannot be reached lets
    the submission through: losing an offer of help is worse than letting spam in for a while.
    """
    rate = get_setting("SUBMISSION_RATE_LIMIT")
    if not rate:
        return 0
    try:
        usage = get_usage(request, group=_GROUP, key="ip", rate=rate, increment=True)
    except CACHE_UNREACHABLE as exc:  # only these: a bug here must not switch the limit off
        reason = type(exc).__name__
        logger.warning("Rate limit not checked: the cache cannot be reached (%s).", reason)
        return 0
    if not usage or not usage["should_limit"]:
        return 0
    # The window's last second still counts (a new window starts the second after it); -1 is a
    # count the cache lost, which django-ratelimit answers by limiting.
    return max(1, usage["time_left"] + 1)


def rate_limit_message(seconds):
    """What a person refused by the rate limit is told, with the wait in the active language.

    The wait is rounded up: to minutes up to 90 minutes, to hours up to two days, else to days.
    """
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 90:
        return ngettext(
            "Too many forms were sent from your connection. Please try again in %(count)d minute.",
            "Too many forms were sent from your connection. Please try again in %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    if hours <= 48:
        return ngettext(
            "Too many forms were sent from your connection. Please try again in %(count)d hour.",
            "Too many forms were sent from your connection. Please try again in %(count)d hours.",
            hours,
        ) % {"count": hours}
    days = math.ceil(seconds / 86400)
    return ngettext(
        "Too many forms were sent from your connection. Please try again in %(count)d day.",
        "Too many forms were sent from your connection. Please try again in %(count)d days.",
        days,
    ) % {"count": days}


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
