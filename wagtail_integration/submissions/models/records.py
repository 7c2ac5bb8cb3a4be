"""Submission base models, privacy-notice versions, the outbox and the data-protection log."""

import datetime
import hashlib
import hmac
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from ...conf import get_setting

__all__ = [
    "AbstractSubmission",
    "AbstractSubmissionNote",
    "DataProtectionLog",
    "Notification",
    "PrivacyNoticeVersion",
    "Source",
    "StatusTimestampsMixin",
    "SubmissionSettings",
    "email_digest",
    "submission_models",
]


class Source(models.TextChoices):
    """Where a submission came in."""

    PAGE = "page", _("Form on the website")
    API = "api", _("API")
    EMBED = "embed", _("Embedded form")
    ADMIN = "admin", _("Entered by a coordinator")


class PrivacyNoticeVersion(models.Model):
    """One wording of a privacy notice, exactly as a person was shown it.

    Identified by the digest of its text: an unchanged notice keeps its identifier across
    publications, a changed one gets a new identifier, and every submission points at the wording
    its sender agreed to.
    """

    digest = models.CharField(_("identifier"), max_length=64, unique=True, editable=False)
    text = models.TextField(_("text"), editable=False)
    language = models.CharField(_("language"), max_length=20, editable=False)
    created_at = models.DateTimeField(_("first shown"), auto_now_add=True)

    class Meta:
        verbose_name = _("privacy notice version")
        verbose_name_plural = _("privacy notice versions")

    def __str__(self):
        return self.short_id

    @property
    def short_id(self):
        """The first twelve characters of the digest, as shown under a form."""
        return self.digest[:12]

    @classmethod
    def for_text(cls, text, language):
        """The version of ``text`` in ``language``, recorded at its first use."""
        digest = hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()
        version, _created = cls.objects.get_or_create(
            digest=digest, defaults={"text": text, "language": language}
        )
        return version


def submission_models():
    """Every concrete model that extends :class:`AbstractSubmission`, in the installed apps."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, AbstractSubmission) and not model._meta.abstract
    ]


def email_digest(email):
    """A keyed digest of an e-mail address: logs name a person without storing the address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def default_delete_after():
    """The date a new submission is due for deletion (``SUBMISSION_RETENTION_DAYS`` from now)."""
    return timezone.localdate() + datetime.timedelta(days=get_setting("SUBMISSION_RETENTION_DAYS"))


class AbstractSubmission(models.Model):
    """What every submission of a public form records besides its own fields.

    Subclasses name the fields that hold personal data in :attr:`personal_data_fields`, the field
    with the person's e-mail address in :attr:`email_field`, and may override :meth:`anonymise`,
    :meth:`personal_data` and :meth:`render_notification`.
    """

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(
        _("language"), max_length=20, editable=False, help_text=_("The language of the form.")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PAGE, editable=False
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("form page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    privacy_notice = models.ForeignKey(
        PrivacyNoticeVersion,
        verbose_name=_("privacy notice agreed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    consented_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(
        pgettext_lazy("date", "received"), default=timezone.now, db_index=True
    )
    delete_after = models.DateField(
        _("delete after"),
        default=default_delete_after,
        db_index=True,
        help_text=_("The personal data is deleted or anonymised after this date."),
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # Unique: the database, not a check before the insert, keeps a token that is sent twice at
    # the same moment (a double click) from storing two submissions (see intake.accept).
    form_token_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    #: Fields holding personal data: exported on request, cleared when anonymised.
    personal_data_fields = []
    #: What the retention job does with an expired submission of this model: ``"delete"``,
    #: ``"anonymise"``, or None for the site's ``SUBMISSION_RETENTION_ACTION``.
    retention_action = None
    #: The field holding the person's e-mail address.
    email_field = "email"

    class Meta:
        abstract = True

    def __str__(self):
        # By number, never by name: Wagtail writes this into its audit log, breadcrumbs and
        # choosers, and the log outlives an erasure (see workspace.py); the workspace shows the
        # name in its headings.
        return f"{capfirst(self._meta.verbose_name)} #{self.pk}"

    def personal_data(self):
        """What is exported about the person; override this to add related rows (notes …)."""
        data = {
            "reference": str(self.reference),
            "received": self.created_at.isoformat(),
            "language": self.language,
            "source": self.source,
            "privacy_notice": self.privacy_notice.short_id if self.privacy_notice else None,
            "consent_given": self.consented_at.isoformat() if self.consented_at else None,
            "delete_after": self.delete_after.isoformat(),
        }
        for name in self.personal_data_fields:
            value = getattr(self, name)
            data[name] = value if isinstance(value, (str, int, bool, type(None))) else str(value)
        return data

    def anonymise(self):
        """Clear every personal-data field; override this to clear related rows too."""
        for name in self.personal_data_fields:
            field = self._meta.get_field(name)
            setattr(self, name, None if field.null else "")
        self.anonymised_at = timezone.now()
        self.save()
        Notification.objects.for_object(self).delete()

    def render_notification(self, notification):
        """Return the ``EmailMessage`` for one of this submission's outbox rows.

        Override this in every submission model; the outbox calls it at sending time.
        """
        raise NotImplementedError


class StatusTimestampsMixin(models.Model):
    """Records when a submission's status changed, and when it first reached some statuses.

    For a submission model with a ``status`` field and a ``status_changed_at`` field: a save that
    changes the status sets ``status_changed_at``, and the field that :attr:`status_timestamps`
    names for the new status if that field is still empty. A new submission counts as being in
    the default status of its ``status`` field.
    """

    #: The timestamp field set when a submission first reaches a status, by status.
    status_timestamps = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        saved_status = getattr(self, "_saved_status", self._meta.get_field("status").get_default())
        if saved_status != self.status:
            self.record_status_change(timezone.now())
        super().save(*args, **kwargs)
        self._saved_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        # **kwargs: Django 6.1 passes fetch_mode (and warns about an override without it).
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_status = instance.status if "status" in field_names else None
        return instance

    def record_status_change(self, now):
        """Set the status times for a change to the current status at ``now``."""
        self.status_changed_at = now
        field = self.status_timestamps.get(self.status)
        if field and getattr(self, field) is None:
            setattr(self, field, now)


class AbstractSubmissionNote(models.Model):
    """An internal note on a submission: who wrote it, when, and what.

    A subclass adds the ``ParentalKey`` to its submission model with ``related_name="notes"``, and
    its ``Meta`` extends ``AbstractSubmissionNote.Meta`` to keep the notes in the order written.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    text = models.TextField(_("note"))

    class Meta:
        abstract = True
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]

    def personal_data(self):
        """The note as exported with the person's data: when it was written, and its text."""
        return {"time": self.created_at.isoformat(), "text": self.text}


class NotificationQuerySet(models.QuerySet):
    def for_object(self, obj):
        """The outbox rows about ``obj``."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class Notification(models.Model):
    """One e-mail in the outbox, written in the same transaction as what it is about.

    The sending task claims a row before it sends, so a message is sent at most once even when the
    task and the sweep that re-enqueues lost messages run at the same time; a row whose claim ran
    out (a worker died while sending) is sent again by the sweep.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", pgettext_lazy("status", "sent")
        FAILED = "failed", _("failed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=20)
    context = models.JSONField(_("context"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(pgettext_lazy("date", "sent"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["status", "created_at"], name="integration_outbox_status"),
            models.Index(fields=["content_type", "object_id"], name="integration_outbox_object"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"


class DataProtectionLog(models.Model):
    """Who exported, erased or purged personal data, and when; never whose data in clear."""

    class Action(models.TextChoices):
        EXPORT = "export", _("personal data exported")
        ERASE = "erase", _("personal data erased")
        PURGE = "purge", _("expired submissions purged")
        SPREADSHEET = "spreadsheet", _("submissions exported as a spreadsheet")

    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("via"), max_length=20, help_text=_("admin, command or job"))
    subject = models.CharField(
        _("subject"),
        max_length=200,
        blank=True,
        help_text=_("A keyed digest of the e-mail address, or what was exported."),
    )
    count = models.PositiveIntegerField(_("records"), default=0)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("data protection log entry")
        verbose_name_plural = _("data protection log")
        ordering = ["-created_at"]
        permissions = [
            ("manage_personal_data", _("Can export and erase a person's data")),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"

    @classmethod
    def record(cls, action, *, via, user=None, subject="", count=0):
        """Add an entry; ``user`` may be an anonymous user (stored as none)."""
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        return cls.objects.create(action=action, via=via, user=user, subject=subject, count=count)


@register_setting(icon="mail")
class SubmissionSettings(BaseSiteSetting):
    """Per-site defaults of the public forms: who is notified, and the privacy notice."""

    coordinator_emails = models.TextField(
        _("coordinator addresses"),
        blank=True,
        help_text=_(
            "One e-mail address per line. Used by forms that name no addresses of their own."
        ),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        help_text=_("Shown with forms that have no privacy notice of their own."),
    )

    panels = [FieldPanel("coordinator_emails"), FieldPanel("privacy_notice")]

    class Meta:
        verbose_name = _("forms and data protection")
