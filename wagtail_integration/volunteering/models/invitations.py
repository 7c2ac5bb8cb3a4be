"""The record that the invitations to one Stammtisch evening went out."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["StammtischInvitation"]


class StammtischInvitation(models.Model):
    """The invitations to one evening of a Stammtisch series were sent: when, by whom, to how many.

    One row per series and start time, enforced by the database: two jobs (or a job and a
    coordinator) that try to invite to the same evening at once cannot both succeed. The
    occurrence itself is not referenced, because occurrences are rebuilt whenever their series
    is published; series and start identify the evening across rebuilds.
    """

    class Via(models.TextChoices):
        ADMIN = "admin", _("by a coordinator")
        JOB = "job", _("automatically")

    series = models.ForeignKey(
        "integration_events.EventSeriesPage",
        verbose_name=_("event series"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    start = models.DateTimeField(_("start"))
    sent_at = models.DateTimeField(pgettext_lazy("date", "sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(_("sent how"), max_length=10, choices=Via.choices)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("Stammtisch invitation")
        verbose_name_plural = _("Stammtisch invitations")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "start"], name="integration_stammtischinvitation_unique"
            )
        ]

    def __str__(self):
        return f"{self.series_id} {self.start:%Y-%m-%d %H:%M} UTC"
