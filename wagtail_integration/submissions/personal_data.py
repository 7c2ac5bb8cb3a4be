"""A person's right of access and erasure: everything stored under an e-mail address."""

from django.db import transaction
from django.utils import timezone

from .models import DataProtectionLog, Notification, email_digest, submission_models

__all__ = ["erase_personal_data", "export_personal_data", "find_submissions"]


def find_submissions(email):
    """``(model, queryset)`` for every submission model, holding ``email``'s submissions."""
    email = email.strip()
    return [
        (model, model.objects.filter(**{f"{model.email_field}__iexact": email}))
        for model in submission_models()
    ]


def export_personal_data(email, *, via, user=None):
    """Everything stored about ``email``, as a JSON-ready dict; the export is logged."""
    found = {}
    count = 0
    for model, queryset in find_submissions(email):
        rows = [submission.personal_data() for submission in queryset.order_by("created_at")]
        if rows:
            found[model._meta.label] = rows
            count += len(rows)
    DataProtectionLog.record(
        DataProtectionLog.Action.EXPORT,
        via=via,
        user=user,
        subject=email_digest(email),
        count=count,
    )
    return {"email": email, "exported_at": timezone.now().isoformat(), "submissions": found}


def erase_personal_data(email, *, via, user=None):
    """Delete every submission of ``email`` and every message to it; the erasure is logged.

    Returns the number of submissions deleted.
    """
    count = 0
    with transaction.atomic():
        for _model, queryset in find_submissions(email):
            for submission in queryset:
                Notification.objects.for_object(submission).delete()
                submission.delete()
                count += 1
        Notification.objects.filter(recipient__iexact=email.strip()).delete()
        DataProtectionLog.record(
            DataProtectionLog.Action.ERASE,
            via=via,
            user=user,
            subject=email_digest(email),
            count=count,
        )
    return count
