"""What keeps guides fresh: the external links checked, their history, and review reminders sent.

They were models of ``integration_topics`` until the link checker became an app of its own;
migration ``0001_initial`` took over their tables, renamed, with every row.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CheckedURL",
    "LinkCheck",
    "LinkErrorCode",
    "LinkStatus",
    "LinkUsage",
    "ReviewReminder",
    "url_key",
]


def url_key(url):
    """The key a URL is stored under: its SHA-256, so that any length and script is unique."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class LinkStatus(models.TextChoices):
    """The outcome of checking a link."""

    OK = "ok", _("Working")
    BROKEN = "broken", _("Broken")
    ERROR = "error", _("No answer")
    BLOCKED = "blocked", _("Internal address")


class LinkErrorCode(models.TextChoices):
    """Why a link got no usable answer; the technical detail is in ``LinkCheck.error_message``."""

    INVALID_URL = "invalid_url", _("Not a valid web address")
    BLOCKED = "blocked", _("Points to an internal or private address")
    DNS = "dns", _("The host name does not exist")
    REFUSED = "refused", _("The server refused the connection")
    TIMEOUT = "timeout", _("The server did not answer in time")
    RESET = "reset", _("The server broke off the connection")
    TLS = "tls", _("The server's certificate or encryption is not valid")
    TOO_MANY_REDIRECTS = "too_many_redirects", _("Too many redirects")
    REDIRECT_LOOP = "redirect_loop", _("The redirects go round in a circle")
    BAD_REDIRECT = "bad_redirect", _("Redirected to an address that cannot be checked")
    OTHER = "other", _("Other error")


class CheckedURL(models.Model):
    """An external address used in guides or organisations, with the result of its latest check."""

    url = models.TextField(_("address (URL)"))
    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    host = models.CharField(_("host"), max_length=255, blank=True, db_index=True)
    first_seen_at = models.DateTimeField(_("first seen"), default=timezone.now)
    last_seen_at = models.DateTimeField(
        _("last seen"),
        default=timezone.now,
        db_index=True,
        help_text=_("When a run last found the address in a guide or an organisation."),
    )
    latest_check = models.ForeignKey(
        "LinkCheck",
        verbose_name=_("latest check"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    failing_since = models.DateTimeField(
        _("failing since"),
        null=True,
        blank=True,
        help_text=_("The first check of the current run of failed checks."),
    )

    class Meta:
        verbose_name = _("checked link")
        verbose_name_plural = _("checked links")
        ordering = ["url"]

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.key = url_key(self.url)
        super().save(*args, **kwargs)

    @property
    def href(self):
        """The address, if it is safe to put in a link (http or https); ``""`` otherwise."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""

    @property
    def status(self):
        """The outcome of the latest check (a ``LinkStatus`` value), or ``""`` before the first."""
        return self.latest_check.kind if self.latest_check_id else ""

    @property
    def result_label(self):
        """The latest outcome in words, for the report and its export."""
        return self.latest_check.describe() if self.latest_check_id else _("Not checked yet")

    @property
    def used_on(self):
        """Where the address is used, one label per place (prefetch ``usages`` for lists)."""
        return [usage.place_label for usage in self.usages.all()]


class LinkCheck(models.Model):
    """One check of a link: what the server answered, or why it did not."""

    checked_url = models.ForeignKey(
        CheckedURL, verbose_name=_("link"), on_delete=models.CASCADE, related_name="checks"
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("result"), max_length=10, choices=LinkStatus.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error_code = models.CharField(
        _("error"), max_length=20, choices=LinkErrorCode.choices, blank=True
    )
    error_message = models.TextField(_("error message"), blank=True)
    redirect_chain = models.JSONField(
        _("redirects"),
        default=list,
        blank=True,
        help_text=_('Each redirect followed, in order: {"url": …, "status": …}.'),
    )
    final_url = models.TextField(_("final address"), blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["-checked_at", "-pk"]
        indexes = [
            models.Index(fields=["checked_url", "-checked_at"], name="integration_linkcheck_hist")
        ]

    def __str__(self):
        return f"{self.checked_url_id} {self.kind} {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def redirected(self):
        """Whether the link led somewhere else."""
        return bool(self.redirect_chain)

    def describe(self):
        """The outcome in words: the status code, or the reason there was no answer."""
        if self.status_code:
            return _("%(result)s (HTTP %(status)s)") % {
                "result": self.get_kind_display(),
                "status": self.status_code,
            }
        if self.error_code:
            return str(self.get_error_code_display())
        return str(self.get_kind_display())


class LinkUsage(models.Model):
    """A place where a checked address is used: a guide's body, or an organisation's website."""

    checked_url = models.ForeignKey(
        CheckedURL, verbose_name=_("link"), on_delete=models.CASCADE, related_name="usages"
    )
    guide = models.ForeignKey(
        "integration_topics.TopicGuidePage",
        verbose_name=_("guide"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "integration_directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    field = models.CharField(
        _("field"), max_length=100, help_text=_("The block or field that holds the link.")
    )
    text = models.CharField(_("link text"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("link usage")
        verbose_name_plural = _("link usages")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(guide__isnull=False, organisation__isnull=True)
                    | Q(guide__isnull=True, organisation__isnull=False)
                ),
                name="integration_linkusage_one_place",
            )
        ]

    def __str__(self):
        return f"{self.checked_url} ({self.place_label})"

    @property
    def place(self):
        """The guide or organisation that uses the link."""
        return self.guide if self.guide_id else self.organisation

    @property
    def place_label(self):
        """The place's name and language, such as ``Sprachkurse (de)``."""
        place = self.place
        locale = getattr(place, "locale", None)
        return f"{place} ({locale.language_code})" if locale else str(place)


class ReviewReminder(models.Model):
    """That a person was reminded that a guide is due for review, and when."""

    guide = models.ForeignKey(
        "integration_topics.TopicGuidePage",
        verbose_name=_("guide"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person reminded"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    review_due = models.DateField(_("review due"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "user"], name="integration_reviewreminder_unique"
            )
        ]

    def __str__(self):
        return f"{self.guide_id} → {self.user_id} ({self.sent_at:%Y-%m-%d})"

    def is_recent(self, review_due, interval_days, now=None):
        """Whether this reminder covers ``review_due`` and is younger than ``interval_days``."""
        now = now or timezone.now()
        return self.review_due == review_due and self.sent_at > now - timedelta(days=interval_days)
