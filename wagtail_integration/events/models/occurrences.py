"""The dates of event series: changes to single dates, and the materialised occurrences.

Part of the events models (:mod:`wagtail_integration.events.models` re-exports them): an
:class:`OccurrenceOverride` cancels, moves or annotates one date of a series; an
:class:`Occurrence` is one date as :mod:`..occurrences` materialised it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

__all__ = ["Occurrence", "OccurrenceOverride", "OccurrenceStatus", "OverrideAction"]


class OverrideAction(models.TextChoices):
    """What an override does to one occurrence."""

    NOTE = "note", _("Add a note (topic, speaker)")
    CANCEL = "cancel", _("Cancel")
    MOVE = "move", _("Move")


class OccurrenceOverride(TranslatableMixin, Orderable):
    """A change to one date of a series: cancelled, moved, or with a note for that evening."""

    page = ParentalKey("EventSeriesPage", on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField(_("date"), help_text=_("The date of the occurrence to change."))
    action = models.CharField(
        _("change"), max_length=10, choices=OverrideAction.choices, default=OverrideAction.NOTE
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("The evening's topic or speaker, or why it changed.")
    )
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new start"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end"), null=True, blank=True)
    new_venue = models.ForeignKey(
        "integration_directory.Venue",
        verbose_name=_("new venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("action")]),
        FieldPanel("note"),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]
        ),
        FieldPanel("new_venue"),
    ]
    translatable_fields = [
        TranslatableField("note"),
        SynchronizedField("date"),
        SynchronizedField("action"),
        SynchronizedField("new_date"),
        SynchronizedField("new_start_time"),
        SynchronizedField("new_end_time"),
        SynchronizedField("new_venue"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("change to one date")
        verbose_name_plural = _("changes to single dates")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_action_display()}"

    def clean(self):
        super().clean()
        if self.action == OverrideAction.MOVE and not (self.new_date or self.new_start_time):
            raise ValidationError(
                {"new_date": _("Enter the new date or the new start time of the moved event.")}
            )


class OccurrenceStatus(models.TextChoices):
    """The state of one occurrence, as the API and the feeds show it."""

    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")
    MOVED = "moved", _("moved")


class Occurrence(models.Model):
    """One materialised occurrence of a series, shared by all its translations.

    Rebuilt for a series when it is published, unpublished, deleted or its overrides change, and
    extended nightly over a rolling horizon. A date-window query is one range scan on ``start``;
    ``visible`` (the series is live and public) lets the API read a window without the pages.
    """

    series = models.ForeignKey(
        "EventSeriesPage", on_delete=models.CASCADE, related_name="occurrences"
    )
    series_key = models.UUIDField(_("series translation key"), db_index=True)
    original_start = models.DateTimeField(_("start according to the rule"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.SCHEDULED,
    )
    override = models.ForeignKey(
        OccurrenceOverride, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    venue = models.ForeignKey(
        "integration_directory.Venue",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Whether the series is live and public: kept in step by :mod:`.signals` (publishing,
    #: unpublishing, view restrictions, moves) and set by every rebuild.
    visible = models.BooleanField(_("visible"), default=True)

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["start", "id"], name="integration_occurrence_start"),
            # The API's window: the visible dates in order of start, counted from the index
            # alone. Partial, because Django writes ``visible=True`` as a bare ``"visible"``,
            # which SQLite cannot look up in an index on (visible, start) but does match to
            # this index's condition.
            models.Index(
                fields=["start", "id"],
                condition=models.Q(visible=True),
                name="integration_occurrence_shown",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="integration_occurrence_unique"
            )
        ]

    def __str__(self):
        return f"{self.series_id} {self.start:%Y-%m-%d %H:%M} UTC"
