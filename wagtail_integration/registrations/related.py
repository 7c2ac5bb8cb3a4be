"""The trainings a person registered for, shown beside their offer of help (see
:mod:`..submissions.related`): matched by e-mail address, for coordinators who may see names."""

from django.db.models.functions import Lower
from django.utils import timezone

from ..submissions.related import RelatedRecord
from .models import Registration, RegistrationStatus
from .workspace import may_see_registrants

__all__ = ["registrations_of"]


def _status(entry):
    words = [str(entry.get_status_display())]
    if entry.attendance:
        words.append(str(entry.get_attendance_display()))
    elif entry.status == RegistrationStatus.CONFIRMED and entry.starts_at < timezone.now():
        words.append(str(entry.get_attendance_display()))
    return ", ".join(words)


def registrations_of(emails, user):
    """``{address: [RelatedRecord]}`` of the registrations of ``emails`` (lower-cased), in one
    query; nothing for a user without the permission to see registrants."""
    if not may_see_registrants(user):
        return {}
    rows = (
        Registration.objects.annotate(address=Lower("email"))
        .filter(address__in=emails, anonymised_at__isnull=True)
        .select_related("series")
        .order_by("-starts_at")
    )
    found = {}
    for entry in rows:
        found.setdefault(entry.address, []).append(
            RelatedRecord(
                title=entry.series.title,
                kind="registration",
                when=entry.starts_at,
                status=_status(entry),
            )
        )
    return found
