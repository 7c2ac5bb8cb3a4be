"""Taking a submission in: rate limit, then store it and its notifications in one transaction."""

import logging

from django.db import transaction
from django_ratelimit.core import is_ratelimited

from ..conf import get_setting
from ..tasks import enqueue_on_commit

__all__ = ["accept", "rate_limited"]

logger = logging.getLogger(__name__)

_GROUP = "wagtail_integration.submissions"


def rate_limited(request):
    """True when the sender's address has sent more than ``SUBMISSION_RATE_LIMIT`` recently.

    Counts on the default cache through django-ratelimit. A cache that cannot be reached lets the
    submission through: losing an offer of help is worse than letting spam in for a while.
    """
    rate = get_setting("SUBMISSION_RATE_LIMIT")
    if not rate:
        return False
    try:
        return is_ratelimited(request, group=_GROUP, key="ip", rate=rate, increment=True)
    except Exception as exc:
        reason = type(exc).__name__
        logger.warning("Rate limit not checked: the cache cannot be reached (%s).", reason)
        return False


def accept(form, **meta):
    """Store the submission of the valid ``form`` and its outbox rows; send them after commit.

    ``form.save_submission(**meta)`` creates the submission (``meta`` names page, source and
    language), and the submission's ``outbox()`` returns its unsaved notifications. A broker that
    is down does not undo the submission: the outbox sweep sends the notifications later.
    """
    from .outbox import send_notification

    with transaction.atomic():
        submission = form.save_submission(**meta)
        for notification in submission.outbox():
            notification.save()
            enqueue_on_commit(send_notification, notification.pk)
    logger.info("Stored %s %s from %s.", submission._meta.label, submission.pk, meta.get("source"))
    return submission
