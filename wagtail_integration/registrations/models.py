"""Registrations for the dates of event series, on the shared submission machinery.

A :class:`Registration` is a submission (consent, outbox, retention, export and erasure are the
submissions app's) for one date of a series or, for a course, for the whole series. Which seat it
gets is decided in :mod:`.seats`, inside one locked transaction.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..conf import get_setting
from ..languages import language_name
from ..submissions.models import AbstractSubmission, StatusTimestampsMixin

__all__ = ["Attendance", "Registration", "RegistrationStatus"]


class RegistrationStatus(models.TextChoices):
    """Where a registration stands."""

    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")


class Attendance(models.TextChoices):
    """Whether the person came (recorded by the coordinators after the date)."""

    UNKNOWN = "", _("not recorded")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Confirmed or waiting: the registrations that hold a seat or a place in the queue."""
        return self.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            anonymised_at__isnull=True,
        )

    def for_target(self, series, occurrence):
        """The registrations for ``occurrence`` of ``series``, or for the whole series (None)."""
        if occurrence is None:
            return self.filter(series=series, original_start__isnull=True)
        return self.filter(occurrence=occurrence)


class Registration(StatusTimestampsMixin, AbstractSubmission):
    """One person registered for a date of a series, or for the whole series."""

    series = models.ForeignKey(
        "integration_events.EventSeriesPage",
        verbose_name=_("event series"),
        on_delete=models.CASCADE,
        related_name="registrations",
        help_text=_("The series in its source language."),
    )
    occurrence = models.ForeignKey(
        "integration_events.Occurrence",
        verbose_name=_("date"),
        null=True,
        blank=True,
        # A date the series no longer has keeps its registrations (and their attendance), with
        # the start they were made for in ``starts_at``.
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    starts_at = models.DateTimeField(
        _("starts"), help_text=_("The start of the date, or of the series' first date.")
    )
    # The date as the series' rule gives it (its occurrence's ``original_start``); empty for a
    # course. It finds the date again when its row was rebuilt (a series unpublished and
    # published again), and tells a date's registration from a course's.
    original_start = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility needs"), blank=True)
    note = models.TextField(_("message"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.CONFIRMED,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("seat given"), null=True, blank=True)
    cancelled_at = models.DateTimeField(pgettext_lazy("date", "cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=_("The coordinator who entered a registration taken by phone."),
    )

    status_timestamps = {
        RegistrationStatus.CONFIRMED: "confirmed_at",
        RegistrationStatus.CANCELLED: "cancelled_at",
    }
    personal_data_fields = ["name", "email", "phone", "accessibility", "note"]
    # Anonymised, never deleted: the date, status and attendance stay for the counts.
    retention_action = "anonymise"

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["occurrence", "status"], name="integration_reg_occurrence"),
            models.Index(fields=["series", "status"], name="integration_reg_series"),
            models.Index(fields=["status", "starts_at"], name="integration_reg_due"),
        ]
        permissions = [
            ("view_registrants", _("Can see who registered for events")),
        ]

    @property
    def language_names(self):
        """The languages spoken, each in its own name."""
        return [language_name(code) for code in self.languages]

    @property
    def is_past(self):
        return self.starts_at <= timezone.now()

    def save(self, *args, **kwargs):
        if self.occurrence_id is not None and self.original_start is None:
            self.original_start = self.occurrence.original_start
        # Due for the retention job a set time after the date (REGISTRATION_RETENTION_DAYS),
        # and again after a move.
        if self.starts_at is not None and self.anonymised_at is None:
            self.delete_after = self.retention_date(self.starts_at)
            fields = kwargs.get("update_fields")
            if fields is not None and "starts_at" in fields:
                kwargs["update_fields"] = {*fields, "delete_after"}
        super().save(*args, **kwargs)

    @staticmethod
    def retention_date(starts_at):
        """The day after which a registration for a date starting ``starts_at`` is anonymised."""
        days = get_setting("REGISTRATION_RETENTION_DAYS")
        return timezone.localdate(starts_at) + datetime.timedelta(days=days)

    def personal_data(self):
        data = super().personal_data()
        data.update(
            series=self.series.title,
            starts=self.starts_at.isoformat(),
            languages=list(self.languages),
            status=self.status,
            attendance=self.attendance,
        )
        return data

    def anonymise(self):
        self.languages = []
        super().anonymise()

    def outbox(self):
        """The notifications of a new registration: its confirmation or waiting-list notice."""
        from .mail import new_registration_notifications

        return new_registration_notifications(self)

    def render_notification(self, notification):
        from .mail import render

        return render(self, notification)
