"""Change notifications for the city portal: endpoints, and the outbox that delivers to them.

An :class:`WebhookEndpoint` is a receiver the site's admins configure. Each change of a watched
page or snippet writes one :class:`WebhookDelivery` per endpoint that wants it, in the same
transaction as the change; a Celery task sends it, and each try is a :class:`WebhookAttempt`.
"""

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["WebhookAttempt", "WebhookDelivery", "WebhookEndpoint", "generate_secret"]


def generate_secret():
    """A new endpoint secret: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A receiver of change notifications, such as the city portal's cache purge."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("Receives a signed POST request for each change."),
    )
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=generate_secret,
        editable=False,
        help_text=_("The receiver checks each request's signature with it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Labels ("app_label.model") of the page types and snippets this endpoint hears about.
    content_types = models.JSONField(_("content types"), default=list)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, label):
        """Whether this endpoint is active and chose the content type ``label``."""
        return self.is_active and label in self.content_types


class WebhookDelivery(models.Model):
    """One notification to one endpoint, in the outbox until the receiver accepted it.

    Its ``delivery_id`` goes out as ``X-Integration-Delivery`` with every try, so a receiver that
    saw a notification already (its answer was lost) can tell it apart from a new one.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=20)
    content_type = models.CharField(_("content type"), max_length=100)
    object_id = models.CharField(_("ID"), max_length=40)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(pgettext_lazy("date", "delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="integration_webhook_status"),
        ]

    def __str__(self):
        return f"{self.event} {self.content_type} {self.object_id} → {self.endpoint_id}"

    def get_attempt_log_display(self):
        """Each try as a line: time, status code or error, duration (the admin's inspect view)."""
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{}: {} ({} ms)</li>",
                (
                    (
                        date_format(timezone.localtime(a.started_at), "DATETIME_FORMAT"),
                        a.status_code or a.error,
                        a.duration_ms,
                    )
                    for a in self.attempt_log.all()
                ),
            ),
        )


class WebhookAttempt(models.Model):
    """One try to deliver a notification: when, the receiver's status code or the error."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    started_at = models.DateTimeField(_("time"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attempts")
        verbose_name_plural = _("attempts")
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
