"""Background jobs of the link checking app: the weekly link check and the daily review reminders.

Both are periodic (see ``wagtail_integration.celery.beat_schedule``), take no objects, and are
idempotent: the link check skips links checked in the last ``LINKCHECK_RECHECK_AFTER_HOURS``,
the reminders skip people reminded in the last ``REVIEW_REMINDER_INTERVAL_DAYS``.

The task names and the lock's key keep the ``topics`` they had before this app was split from
the topic guides: a beat schedule stored in a host site, and a lock held during a deploy, name
them.
"""

import logging
import uuid

from celery import shared_task
from django.core.cache import cache

from ..exceptions import TRANSIENT_ERRORS

__all__ = ["check_links", "send_review_reminders"]

logger = logging.getLogger(__name__)

LINKCHECK_LOCK = "wagtail_integration:topics:check_links"
# Longer than any run should take; a worker that died holding the lock blocks runs this long.
LINKCHECK_LOCK_SECONDS = 6 * 60 * 60


@shared_task(
    name="wagtail_integration.topics.check_links",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=60,
    max_retries=3,
)
def check_links(force=False):
    """Check the external links of guides and organisations; return the run's summary.

    Only one run at a time: a second one, started while the first holds the lock, returns at once.
    """
    from . import links

    token = uuid.uuid4().hex
    if not cache.add(LINKCHECK_LOCK, token, LINKCHECK_LOCK_SECONDS):
        logger.info("A link check is already running; this one is skipped.")
        return {"skipped": "already running"}
    try:
        return links.run(force=force).as_dict()
    finally:
        if cache.get(LINKCHECK_LOCK) == token:
            cache.delete(LINKCHECK_LOCK)


@shared_task(
    bind=True,
    name="wagtail_integration.topics.send_review_reminders",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=60,
    max_retries=3,
)
def send_review_reminders(self):
    """Mail every person the guides they should review; retry later for mails that failed."""
    from . import reminders

    summary = reminders.send_review_reminders()
    if summary.failed and self.request.retries < self.max_retries:
        # The mails that went out are recorded, so a retry sends only the ones that failed.
        raise self.retry(countdown=15 * 60)
    return summary.as_dict()
