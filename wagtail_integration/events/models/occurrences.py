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
from wagtail_localize.segments import OverridableSegmentValue

from ..admin_widgets import OverrideActionSelect

__all__ = [
    "Occurrence",
    "OccurrenceDateField",
    "OccurrenceOverride",
    "OccurrenceStatus",
    "OverrideAction",
]


class OverrideAction(models.TextChoices):
    """What an override does to one occurrence."""

    NOTE = "note", _("Add a note (topic, speaker)")
    CANCEL = "cancel", _("Cancel")
    MOVE = "move", _("Move")


class OccurrenceDateField(models.DateField):
    """The date a change is for, shown to translators beside the change's note.

    wagtail-localize's translation editor heads every segment of an inline child only with the
    model's and the field's names ("Change to one date", "Note"), so the notes of three changes
    look alike. It shows a field of its own kind when that field gives segments itself
    (``get_translatable_segments``): this one gives the date as a synchronised value, which
    the editor shows read-only ("uses the source version") in the same block as the note, and
    restores the source's date whatever a translation sends back, so the date stays in step
    with the source as a synchronised field would.
    """

    def get_translatable_segments(self, value):
        """The date as one overridable segment, in ISO form (the same in every language)."""
        return [OverridableSegmentValue("", value.isoformat())] if value else []

    def restore_translated_segments(self, value, segments):
        """The source's date: a translation never moves a change to another date."""
        return value

    def deconstruct(self):
        # A plain DateField to migrations: the class changes no column.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class OccurrenceOverride(TranslatableMixin, Orderable):
    """A change to one date of a series: cancelled, moved, or with a note for that evening."""

    page = ParentalKey("EventSeriesPage", on_delete=models.CASCADE, related_name="overrides")
    date = OccurrenceDateField(_("date"), help_text=_("The date of the occurrence to change."))
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

    # The date offers the series' coming dates: EventSeriesPageForm gives it its widget, as only
    # the page form knows the series. The fields of a move show only for a move (the panels
    # marked data-wi-move-field, hidden by the action's script).
    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("action", widget=OverrideActionSelect)]),
        FieldPanel("note"),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")],
            attrs={"data-wi-move-field": ""},
        ),
        FieldPanel("new_venue", attrs={"data-wi-move-field": ""}),
    ]
    translatable_fields = [
        # Translatable only to be shown beside the note: see OccurrenceDateField.
        TranslatableField("date"),
        TranslatableField("note"),
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
