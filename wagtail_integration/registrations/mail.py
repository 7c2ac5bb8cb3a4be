"""What registrants are sent, in their language: each message through the outbox, exactly once.

Kinds: a confirmation (with an ``.ics`` attachment and the cancel link), a waiting-list notice,
the news that a seat became free, a reminder, a confirmation of a cancellation, and the news that
the date was cancelled or moved.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import formats, translation
from icalendar import Calendar, Event
from wagtail.models import Locale

from .. import __version__
from ..events.ical import series_events
from ..mail import render_mail
from ..submissions.outbox import notification_for
from .models import RegistrationStatus

__all__ = [
    "Kind",
    "cancel_token",
    "date_in_words",
    "new_registration_notifications",
    "notification_for_registration",
    "reference_for_token",
    "render",
]

_CANCEL_SALT = "wagtail_integration.registrations.cancel"


class Kind:
    """The kinds of notification about a registration."""

    CONFIRMED = "registration.confirmed"
    WAITING = "registration.waiting"
    PROMOTED = "registration.promoted"
    REMINDER = "registration.reminder"
    CANCELLED = "registration.cancelled"
    DATE_CANCELLED = "registration.date_cancelled"
    DATE_MOVED = "registration.date_moved"


#: The kinds that carry the date as an ``.ics`` attachment.
_WITH_CALENDAR = {Kind.CONFIRMED, Kind.PROMOTED, Kind.REMINDER, Kind.DATE_MOVED}


def notification_for_registration(entry, kind, **context):
    """An unsaved outbox row of ``kind`` to the registrant, in their language; None when
    there is no one to write to (erased)."""
    if not entry.email or entry.anonymised_at is not None:
        return None
    return notification_for(entry, kind, entry.email, entry.language, **context)


def new_registration_notifications(entry):
    """Unsaved outbox rows of a new registration: the confirmation or the waiting-list notice."""
    kind = Kind.CONFIRMED if entry.status == RegistrationStatus.CONFIRMED else Kind.WAITING
    notification = notification_for_registration(entry, kind)
    return [notification] if notification is not None else []


def cancel_token(entry):
    """The signed token of a registration's cancel link (it never expires: the link is the
    person's until the date)."""
    return signing.dumps(str(entry.reference), salt=_CANCEL_SALT)


def reference_for_token(token):
    """The reference a cancel token stands for, or None when it is forged or damaged."""
    try:
        return signing.loads(token, salt=_CANCEL_SALT)
    except signing.BadSignature:
        return None


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def cancel_url(entry):
    """The absolute address of ``entry``'s cancel link."""
    path = reverse("wagtail_integration_registrations:cancel", args=[cancel_token(entry)])
    return _absolute(path)


def date_in_words(value, zone, language):
    """``value`` as a person reads it in ``language``: "Dienstag, 3. März 2027, 18:30"."""
    local = value.astimezone(zone)
    with translation.override(language):
        weekday = formats.date_format(local, "l")
        day = formats.date_format(local, "DATE_FORMAT")
        time = formats.time_format(local, "TIME_FORMAT")
        separator = "، " if translation.get_language_bidi() else ", "
    return separator.join([weekday, day, time])


def series_in_language(series, language):
    """The live version of ``series`` in ``language``, else the source."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None and locale.pk != series.locale_id:
        translated = series.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return translated.specific
    return series


def calendar_attachment(entry, page):
    """The date registered for as an iCalendar file: one event, or the course's whole series."""
    source = entry.series
    calendar = Calendar()
    calendar.add("prodid", f"-//wagtail-integration//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if entry.original_start is None:  # a course: the whole series
        for event in series_events(page, source=source):
            calendar.add_component(event)
    elif entry.occurrence_id is None:  # the date is gone: nothing to put in a calendar
        return None
    else:
        occurrence = entry.occurrence
        event = Event()
        event.add("uid", f"registration-{entry.reference}@wagtail-integration")
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("summary", page.title)
        event.add("dtstart", occurrence.start.astimezone(source.zone))
        event.add("dtend", occurrence.end.astimezone(source.zone))
        if url := page.full_url:
            event.add("url", url)
        venue = occurrence.venue or page.venue
        if venue is not None:
            event.add("location", ", ".join([venue.name, *venue.address_lines]))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def render(entry, notification):
    """The ``EmailMessage`` for ``notification`` (in the notification's language)."""
    kind = notification.kind
    template = kind.split(".", 1)[1]
    page = series_in_language(entry.series, notification.language)
    if "start" in notification.context:  # the date a message is about (a course's one date)
        start = dt.datetime.fromisoformat(notification.context["start"])
    elif entry.occurrence_id:
        start = entry.occurrence.start
    else:
        start = entry.starts_at
    context = {
        "registration": entry,
        "notification": notification,
        "series": page,
        "series_url": page.full_url or "",
        "whole_series": entry.original_start is None,
        "date": date_in_words(start, entry.series.zone, notification.language),
        "cancel_url": cancel_url(entry),
        **notification.context,
    }
    if previous := notification.context.get("previous_start"):
        previous = dt.datetime.fromisoformat(previous)
        context["previous_date"] = date_in_words(previous, entry.series.zone, notification.language)
    message = render_mail(
        f"integration_registrations/email/{template}",
        context,
        to=[notification.recipient],
        language=notification.language,
    )
    if kind in _WITH_CALENDAR and (ics := calendar_attachment(entry, page)) is not None:
        message.attach("event.ics", ics, "text/calendar")
    return message
