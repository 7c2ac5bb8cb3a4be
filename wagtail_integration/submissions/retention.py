"""Retention: submissions past their deletion date are deleted or anonymised."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from ..conf import get_setting
from .models import DataProtectionLog, Notification, submission_models

__all__ = ["expired", "purge_expired", "purge_expired_submissions"]

logger = logging.getLogger(__name__)


def expired(model, today=None):
    """The submissions of ``model`` whose deletion date has passed and that still hold data."""
    today = today or timezone.localdate()
    return model.objects.filter(delete_after__lt=today, anonymised_at__isnull=True)


def purge_expired(*, today=None, action=None, progress=None, via="job", user=None):
    """Delete or anonymise (``SUBMISSION_RETENTION_ACTION``, or the model's own
    ``retention_action``) every expired submission.

    ``progress(done, total)`` is called after each submission. Returns the number purged.
    """
    action = action or get_setting("SUBMISSION_RETENTION_ACTION")
    if action not in ("delete", "anonymise"):
        raise ValueError(f"Unknown retention action {action!r}: use 'delete' or 'anonymise'.")
    querysets = [
        (expired(model, today), model.retention_action or action) for model in submission_models()
    ]
    total = sum(queryset.count() for queryset, _action in querysets)
    done = 0
    for queryset, model_action in querysets:
        for submission in queryset.iterator():
            with transaction.atomic():
                if model_action == "delete":
                    Notification.objects.for_object(submission).delete()
                    submission.delete()
                else:
                    submission.anonymise()
            done += 1
            if progress:
                progress(done, total)
    if done:
        DataProtectionLog.record(
            DataProtectionLog.Action.PURGE, via=via, user=user, subject=action, count=done
        )
        logger.info("Retention: %s expired submissions %sd.", done, action.rstrip("e"))
    return done


@shared_task(name="wagtail_integration.submissions.purge_expired_submissions", ignore_result=True)
def purge_expired_submissions():
    """The daily retention job."""
    return purge_expired(via="job")
