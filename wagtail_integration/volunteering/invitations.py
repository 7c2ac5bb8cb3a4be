"""Stammtisch invitations: the date and note of the next evening, to every volunteer who asked.

A coordinator sends them from the admin (:mod:`.admin_views`) after seeing whom they go to and
how the mail reads in each language (:func:`preview`); the daily job
:func:`send_due_invitations` sends them by itself ``STAMMTISCH_INVITATION_DAYS_BEFORE`` days
ahead. Either way each invitation is one outbox row, written in one transaction with the
:class:`~.models.StammtischInvitation` record that makes sure an evening's
invitations go out only once. Each Stammtisch series is invited to on its own: when two series
meet, each evening is shown, chosen and recorded separately.
"""

import hashlib
import logging

from celery import shared_task
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext
from wagtail.models import Locale

from ..conf import get_setting
from ..events.items import build_items
from ..events.models import EventSeriesPage, Occurrence, OccurrenceStatus
from ..exceptions import TRANSIENT_ERRORS
from ..languages import language_name
from ..submissions.outbox import notification_for, send_notification
from ..tasks import enqueue_on_commit
from .mail import Kind, render
from .models import StammtischInvitation, Status, VolunteerInterest

__all__ = [
    "already_sent",
    "coming_evenings",
    "invitation_context",
    "next_stammtisch",
    "preview",
    "recipients",
    "recipients_digest",
    "send_due_invitations",
    "send_invitations",
    "stammtisch_series",
]

logger = logging.getLogger(__name__)


def stammtisch_series():
    """The live series of the event category ``STAMMTISCH_CATEGORY`` (any language version)."""
    series = EventSeriesPage.objects.live().public()
    return series.filter(category__slug=get_setting("STAMMTISCH_CATEGORY"))


def _upcoming(now):
    """Stammtisch occurrences that take place, starting at ``now`` or later, earliest first."""
    return (
        Occurrence.objects.filter(series__in=stammtisch_series().values("pk"), start__gte=now)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .order_by("start", "pk")
    )


def next_stammtisch(now=None):
    """The next occurrence of a Stammtisch that takes place, starting at ``now`` or later.

    Cancelled evenings are skipped; a moved one counts at its new time. None when no Stammtisch
    is planned. With several Stammtisch series this is only the earliest of
    :func:`coming_evenings`.
    """
    now = now or timezone.now()
    return _upcoming(now).select_related("series", "override", "venue").first()


def coming_evenings(now=None):
    """The next evening of every Stammtisch series that has one, earliest first.

    Occurrences belong to a series' source page (shared by its translations), so each series
    appears once whatever its languages. Cancelled evenings are skipped, moved ones count at
    their new time, as in :func:`next_stammtisch`.
    """
    now = now or timezone.now()
    firsts = (
        EventSeriesPage.objects.filter(pk__in=stammtisch_series().values("pk"))
        .annotate(first=Subquery(_upcoming(now).filter(series=OuterRef("pk")).values("pk")[:1]))
        .exclude(first=None)
        .values("first")
    )
    return list(
        Occurrence.objects.filter(pk__in=firsts)
        .select_related("series", "override", "venue")
        .order_by("start", "pk")
    )


def recipients():
    """The offers of help to invite: active, opted in, with an e-mail address."""
    return (
        VolunteerInterest.objects.filter(
            status=Status.ACTIVE, invitations=True, anonymised_at__isnull=True
        )
        .exclude(email="")
        .order_by("pk")
    )


def recipients_digest(people):
    """A short fingerprint of who ``people`` are, to notice that the recipients changed between
    the preview a coordinator saw and the moment they send."""
    ids = ",".join(str(person.pk) for person in sorted(people, key=lambda person: person.pk))
    return hashlib.sha256(ids.encode()).hexdigest()[:16]


def already_sent(occurrence):
    """The :class:`StammtischInvitation` of ``occurrence``'s evening, or None."""
    return (
        StammtischInvitation.objects.filter(series_id=occurrence.series_id, start=occurrence.start)
        .select_related("sent_by")
        .first()
    )


def _locale_for(language, default):
    return Locale.objects.filter(language_code=language).first() or default


def _event_date(value, *, all_day, with_time):
    """A date as the event templates write it (``event_time.html``), in the active language."""
    parts = {"weekday": formats.date_format(value, "l"), "date": formats.date_format(value)}
    if all_day:
        return pgettext("event date", "%(weekday)s, %(date)s, all day") % parts
    if not with_time:
        return pgettext("event date", "%(weekday)s, %(date)s") % parts
    parts["time"] = formats.time_format(value, "TIME_FORMAT")
    return pgettext("event date", "%(weekday)s, %(date)s, %(time)s") % parts


def invitation_context(occurrence, language, *, default=None):
    """What an invitation in ``language`` says about ``occurrence``, as JSON-ready strings.

    ``title``, ``note`` and ``venue`` come in ``language`` where translated, else in German;
    ``date`` and ``when`` are written in the series' time zone and the formats of ``language``;
    ``url`` is the absolute address of the series page in that language. Returns None when the
    series has no live version any more.
    """
    default = default or Locale.get_default()
    with translation.override(language):
        items = build_items([occurrence], _locale_for(language, default))
        if not items:
            return None
        item = items[0]
        all_day = item.all_day
        when = _event_date(item.start, all_day=all_day, with_time=True)
        if not all_day:
            when = f"{when}–{formats.time_format(item.end, 'TIME_FORMAT')}"
        venue = item.venue
        return {
            "title": item.series.title,
            "date": _event_date(item.start, all_day=False, with_time=False),
            "when": when,
            "venue": ", ".join([venue.name, *venue.address_lines]) if venue else "",
            "note": item.note,
            "url": item.series.get_full_url() or "",
        }


def _contexts(occurrence, people):
    """The invitation context per language of ``people``; None when the series is gone."""
    default = Locale.get_default()
    contexts = {}
    for language in {person.language for person in people}:
        contexts[language] = invitation_context(occurrence, language, default=default)
    if any(context is None for context in contexts.values()):
        return None
    return contexts


def _notification(person, context):
    return notification_for(person, Kind.INVITATION, person.email, person.language, **context)


def preview(occurrence, people):
    """The invitation to ``occurrence`` as it will be sent, once per language of ``people``.

    A list of dicts, by language code: ``language`` (the code), ``name`` (the language's own
    name), ``count`` (how many get it in that language), ``person`` (whose mail is shown: the
    first of them), ``subject`` and ``body`` (the plain-text part). The mail is rendered by
    :func:`.mail.render`, which also renders the mails sent, from an unsaved outbox row, so
    that what the coordinator reads is what arrives. Empty when the series is gone.
    """
    contexts = _contexts(occurrence, people)
    if not contexts:
        return []
    first, counts = {}, {}
    for person in people:
        first.setdefault(person.language, person)
        counts[person.language] = counts.get(person.language, 0) + 1
    mails = []
    for language in sorted(first):
        person = first[language]
        message = render(person, _notification(person, contexts[language]))
        mails.append(
            {
                "language": language,
                "name": language_name(language),
                "count": counts[language],
                "person": person,
                "subject": message.subject,
                "body": message.body,
            }
        )
    return mails


def send_invitations(occurrence_id, *, user=None, via):
    """Invite every volunteer who asked to the occurrence ``occurrence_id``; return how many.

    One outbox row per person, in their language, and the record that the evening's invitations
    went out, all in one transaction; the mails are enqueued when it commits. Returns 0 without
    sending anything when the evening's invitations were sent before (also when another job is
    sending them at this moment), when it is cancelled or gone, or when nobody is to be invited.
    ``via`` is ``"admin"`` or ``"job"``; ``user`` the coordinator who sent them.
    """
    occurrence = (
        Occurrence.objects.select_related("series", "override", "venue")
        .filter(pk=occurrence_id)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .first()
    )
    if occurrence is None or already_sent(occurrence) is not None:
        return 0
    people = list(recipients())
    if not people:
        return 0
    contexts = _contexts(occurrence, people)
    if contexts is None:
        return 0
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    try:
        with transaction.atomic():
            # The record first: a second sender for the same evening fails here, before it
            # has written a single notification (on PostgreSQL it waits for the first to commit).
            StammtischInvitation.objects.create(
                series_id=occurrence.series_id,
                start=occurrence.start,
                sent_by=user,
                via=via,
                recipients=len(people),
            )
            for person in people:
                notification = _notification(person, contexts[person.language])
                notification.save()
                enqueue_on_commit(send_notification, notification.pk)
    except IntegrityError:
        logger.info("Invitations to occurrence %s were sent by someone else.", occurrence_id)
        return 0
    logger.info("Invited %s volunteers to occurrence %s (%s).", len(people), occurrence_id, via)
    return len(people)


def _days_ahead(occurrence, now):
    """Calendar days from ``now`` to the occurrence, counted in the series' time zone."""
    zone = occurrence.series.zone
    return (occurrence.start.astimezone(zone).date() - now.astimezone(zone).date()).days


@shared_task(
    name="wagtail_integration.volunteering.send_due_invitations",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def send_due_invitations():
    """Send the invitations to each Stammtisch series' next evening once it is
    ``STAMMTISCH_INVITATION_DAYS_BEFORE`` days or fewer ahead (daily job); return how many went
    out. Does nothing when the setting is 0, and nothing for an evening already invited to.
    """
    days = get_setting("STAMMTISCH_INVITATION_DAYS_BEFORE")
    if not days or days <= 0:
        return 0
    now = timezone.now()
    return sum(
        send_invitations(occurrence.pk, via=StammtischInvitation.Via.JOB)
        for occurrence in coming_evenings(now)
        if _days_ahead(occurrence, now) <= days
    )
