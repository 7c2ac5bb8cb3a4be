"""Registrations for the demo's training "Schulung: Neu im Ehrenamt", made in code.

Twelve seats per evening: the next evening is full with three people waiting, the one after has
some seats taken, and the last evening that is over has its attendance recorded. Names are
"Beispiel" and "Muster", addresses end in @example.org. Each registration has a fixed reference,
so that loading the demo twice changes nothing; no mail is sent for them.
"""

import datetime
import uuid

from django.utils import timezone

from wagtail_integration.events.models import EventSeriesPage, Occurrence, OccurrenceStatus
from wagtail_integration.registrations.models import Attendance, Registration, RegistrationStatus
from wagtail_integration.submissions.models import Source

__all__ = ["TRAINING_SLUG", "create_demo_registrations"]

TRAINING_SLUG = "schulung-neu-im-ehrenamt"
_NAMESPACE = uuid.UUID("6b1d3c1e-2f0a-5c55-8a43-6f2b7d0e9a21")
_FIRST_NAMES = ["Erika", "Max", "Aylin", "Olena", "Karim", "Shirin", "Paul", "Fatma", "Igor"]
_LAST_NAMES = ["Beispiel", "Muster", "Probe"]
_LANGUAGES = [["de"], ["de", "en"], ["ar", "de"], ["uk", "ru"], ["fa"], ["tr", "de"]]


def _people(evening, count):
    for number in range(count):
        first = _FIRST_NAMES[(number + evening) % len(_FIRST_NAMES)]
        last = _LAST_NAMES[number % len(_LAST_NAMES)]
        yield number, f"{first} {last}", f"{first.lower()}.{last.lower()}.{evening}{number}"


def create_demo_registrations(now=None):
    """Create the demo's registrations once; return how many the demo holds."""
    now = now or timezone.now()
    page = EventSeriesPage.objects.filter(slug=TRAINING_SLUG, locale__language_code="de").first()
    if page is None:
        return 0
    dates = Occurrence.objects.filter(series=page).exclude(status=OccurrenceStatus.CANCELLED)
    past = dates.filter(start__lt=now).order_by("-start").first()
    coming = list(dates.filter(start__gte=now).order_by("start")[:2])
    plan = []  # (evening label, occurrence, confirmed, waiting, attendance recorded)
    if past is not None:
        plan.append(("past", past, 9, 0, True))
    if coming:
        plan.append(("next", coming[0], page.registration_seats or 12, 3, False))
    if len(coming) > 1:
        plan.append(("later", coming[1], 5, 0, False))
    total = 0
    for evening, (label, occurrence, confirmed, waiting, recorded) in enumerate(plan):
        for number, name, address in _people(evening, confirmed + waiting):
            reference = uuid.uuid5(_NAMESPACE, f"{label}-{number}")
            created = occurrence.start - datetime.timedelta(days=20 - number % 10)
            attendance = ""
            if recorded:
                attendance = Attendance.NO_SHOW if number in (2, 6) else Attendance.ATTENDED
            Registration.objects.update_or_create(
                reference=reference,
                defaults={
                    "series": page,
                    "occurrence": occurrence,
                    "starts_at": occurrence.start,
                    "name": name,
                    "email": f"{address}@example.org",
                    "languages": _LANGUAGES[number % len(_LANGUAGES)],
                    "status": (
                        RegistrationStatus.CONFIRMED
                        if number < confirmed
                        else RegistrationStatus.WAITING
                    ),
                    "attendance": attendance,
                    "language": "de",
                    "source": Source.ADMIN if number == 4 else Source.PAGE,
                    "created_at": min(created, now),
                    "consented_at": min(created, now),
                    "reminded_at": occurrence.start if recorded else None,
                },
            )
            total += 1
    return total
