"""Review reminders: who is told which guides are due for review, and the mail that tells them.

The daily job calls :func:`send_review_reminders`. Each guide due for review is reported to its
responsible editor (``reviewer``), or its owner when none is set, and to every active member of
the ``REVIEW_REMINDER_GROUPS``; each person gets one mail listing all their guides, in their
admin language, and is not reminded of the same guide again for
``REVIEW_REMINDER_INTERVAL_DAYS`` days (or until the guide's next review date).
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.localization import get_available_admin_languages
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from ..conf import get_setting
from ..mail import render_mail
from .models import ReviewReminder

__all__ = [
    "DueGuide",
    "ReminderSummary",
    "due_guides",
    "recipients_for",
    "send_review_reminders",
]

logger = logging.getLogger(__name__)

MAIL_TEMPLATES = "integration_topics/mail/review_reminder"


@dataclass
class DueGuide:
    """A guide due for review, with what a reminder says about it."""

    guide: object
    review_due: object
    translations: int = 0

    @property
    def responsible(self):
        """The person who answers for the guide: its reviewer, else its owner."""
        return self.guide.reviewer or self.guide.owner

    @property
    def edit_url(self):
        """The absolute address of the guide's edit view in the admin."""
        path = reverse("wagtailadmin_pages:edit", args=[self.guide.pk])
        return f"{(get_admin_base_url() or '').rstrip('/')}{path}"


@dataclass
class ReminderSummary:
    """What a run of the reminder job did."""

    due: int = 0
    mails_sent: int = 0
    failed: list = field(default_factory=list)

    def as_dict(self):
        """The summary as plain data, for the task's result."""
        return {"due": self.due, "mails_sent": self.mails_sent, "failed": self.failed}


def due_guides(today=None):
    """Live guides whose review date has come, one per translation group.

    Translations share the review date and the reviewer with their source (wagtail-localize
    synchronises them), so the guide in the default locale stands for them all.
    """
    from ..topics.models import TopicGuidePage

    today = today or timezone.localdate()
    default_locale_id = Locale.get_default().pk
    candidates = (
        TopicGuidePage.objects.live()
        # Every interval is at least a month: a guide reviewed in the last month is never due.
        .filter(last_reviewed__lte=today - timedelta(days=28))
        .select_related("owner", "reviewer", "locale")
        .order_by("translation_key", "pk")
    )
    groups = {}
    for guide in candidates:
        groups.setdefault(guide.translation_key, []).append(guide)
    due = []
    for translations in groups.values():
        source = next(
            (g for g in translations if g.locale_id == default_locale_id), translations[0]
        )
        if source.is_review_due(today):
            due.append(DueGuide(source, source.review_due, translations=len(translations) - 1))
    return sorted(due, key=lambda item: (item.review_due, item.guide.title))


def editors():
    """The active members of the ``REVIEW_REMINDER_GROUPS``."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=get_setting("REVIEW_REMINDER_GROUPS"))
        .distinct()
    )


def recipients_for(due):
    """``{user: [DueGuide, …]}``: who is told of which of the ``due`` guides."""
    recipients = {}
    group = list(editors())
    for item in due:
        responsible = item.responsible
        people = [responsible] if responsible and responsible.is_active else []
        people += [user for user in group if user != responsible]
        for user in people:
            if user.email:
                recipients.setdefault(user, []).append(item)
    return recipients


def language_for(user, preferred):
    """The user's admin language if they chose one, else the site's language."""
    available = dict(get_available_admin_languages())
    language = preferred.get(user.pk) or ""
    return language if language in available else settings.LANGUAGE_CODE


def send_review_reminders(today=None, now=None):
    """Send every person one mail listing their guides due for review; return a summary.

    Idempotent: a person is reminded of a guide again only after ``REVIEW_REMINDER_INTERVAL_DAYS``
    days or when its review date has changed. A mail that cannot be sent is logged and left for
    the next run; the others still go out.
    """
    now = now or timezone.now()
    due = due_guides(today)
    summary = ReminderSummary(due=len(due))
    if not due:
        return summary
    interval = get_setting("REVIEW_REMINDER_INTERVAL_DAYS")
    recipients = recipients_for(due)
    sent = {
        (reminder.guide_id, reminder.user_id): reminder
        for reminder in ReviewReminder.objects.filter(
            guide__in=[item.guide for item in due], user__in=list(recipients)
        )
    }
    preferred = dict(
        UserProfile.objects.filter(user__in=list(recipients)).values_list(
            "user_id", "preferred_language"
        )
    )
    for user, items in recipients.items():
        items = [
            item
            for item in items
            if not (
                (reminder := sent.get((item.guide.pk, user.pk)))
                and reminder.is_recent(item.review_due, interval, now)
            )
        ]
        if not items:
            continue
        try:
            send_reminder_mail(user, items, language_for(user, preferred))
        except (smtplib.SMTPException, OSError):
            # The mail server: this person's reminder is tried again on the next run.
            logger.exception("Could not send the review reminder to user %s.", user.pk)
            summary.failed.append(user.pk)
            continue
        record_reminders(user, items, now)
        summary.mails_sent += 1
    return summary


def send_reminder_mail(user, items, language):
    """Render and send the reminder to ``user`` about ``items``, in ``language``."""
    context = {
        "user": user,
        "guides": [
            {
                "title": item.guide.title,
                "review_due": item.review_due,
                "last_reviewed": item.guide.last_reviewed,
                "edit_url": item.edit_url,
                "translations": item.translations,
                "responsible": item.responsible == user,
            }
            for item in items
        ],
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "language": language,
    }
    render_mail(MAIL_TEMPLATES, context, to=[user.email], language=language).send()


def record_reminders(user, items, now):
    """Remember that ``user`` was reminded of ``items`` at ``now``."""
    with transaction.atomic():
        for item in items:
            ReviewReminder.objects.update_or_create(
                guide=item.guide,
                user=user,
                defaults={"review_due": item.review_due, "sent_at": now},
            )
