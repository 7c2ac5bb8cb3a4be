"""The admin form of an event series: changes to single dates must fall on dates of the series.

The model's ``clean()`` checks the series on its own (times, registration, the rule); whether
each override of the ``overrides`` inline names a date the rule gives can only be checked with
both at hand, so the page form does it after the model's checks and puts the message on that
inline's date field.

The date of each change offers the series' coming dates to pick from, computed from the schedule
the form holds (the saved one, or the one just posted when the form comes back with errors).
"""

import bisect
import datetime as dt

from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .admin_widgets import OccurrenceDateSelect

__all__ = ["EventSeriesPageForm", "override_date_errors"]

#: How far from a refused date the message looks for the nearest date of the series.
SUGGESTION_RANGE = dt.timedelta(days=366)

#: How far ahead, and how many of, the series' dates a change's date offers to pick.
OFFERED_RANGE = dt.timedelta(days=2 * 366)
OFFERED_COUNT = 60

#: The fields a series' dates depend on: with an error on one of them, overrides are not checked.
SCHEDULE_FIELDS = ("first_date", "start_time", "end_time", "all_day", "time_zone", "recurrence")


def _shifted(day, delta):
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min


def _nearest(day, candidates):
    """The date of the sorted ``candidates`` closest to ``day`` (the earlier one on a tie)."""
    at = bisect.bisect_left(candidates, day)
    around = candidates[max(0, at - 1) : at + 1]
    return min(around, key=lambda candidate: (abs(candidate - day), candidate), default=None)


def override_date_errors(series, days):
    """Map each of ``days`` that is no date of ``series``' rule to a message for the editor.

    ``series`` is an :class:`~.models.EventSeriesPage` (saved or not) whose schedule has passed
    its own checks. Each date costs one expansion of the rule over a few days; only a refused
    date is looked at over a year around it, for a date to suggest instead.
    """
    from .occurrences import rule_dates

    errors = {}
    for day in set(days):
        if rule_dates(series, day, day):
            continue
        nearby = rule_dates(
            series, _shifted(day, -SUGGESTION_RANGE), _shifted(day, SUGGESTION_RANGE)
        )
        nearest = _nearest(day, nearby)
        values = {"date": formats.date_format(day, "DATE_FORMAT")}
        if nearest is None:
            errors[day] = (
                _(
                    "The series has no date on %(date)s. Choose a date the series takes place on, "
                    "or change its rule."
                )
                % values
            )
        else:
            values["nearest"] = formats.date_format(nearest, "DATE_FORMAT")
            errors[day] = (
                _(
                    "The series has no date on %(date)s. Choose a date the series takes place on, "
                    "such as %(nearest)s, or change its rule."
                )
                % values
            )
    return errors


#: The options of registration on this site that have a default: left out of a form, they keep
#: the series' value.
_REGISTRATION_DEFAULTS = (
    "registration_scope",
    "registration_closes_hours",
    "registration_reminder_hours",
)


class EventSeriesPageForm(WagtailAdminPageForm):
    """The page form of :class:`~.models.EventSeriesPage`: refuses overrides off the schedule.

    Two overrides of one date are refused as well: only one of them could take effect. The date
    of each override offers the series' coming dates (:meth:`offered_dates`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        overrides = self.formsets.get("overrides")
        if overrides is not None:
            # Every form of the formset, the empty one that "Add" copies included, passes
            # through add_fields (Django's hook for changing a formset's forms); only this form
            # knows the series, so it hands the date its widget there.
            add_fields = overrides.add_fields

            def add_date_choices(form, index):
                add_fields(form, index)
                form.fields["date"].widget = OccurrenceDateSelect(
                    self.offered_dates, attrs=form.fields["date"].widget.attrs
                )

            overrides.add_fields = add_date_choices
        # Registration on this site: options with a default matter only with that kind of
        # registration, so a form without them (a series that takes no registration, or a
        # script written before they existed) keeps the series' values.
        for name in _REGISTRATION_DEFAULTS:
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in _REGISTRATION_DEFAULTS:
            if name in self.fields and cleaned.get(name) in (None, ""):
                current = getattr(self.instance, name, None)
                cleaned[name] = (
                    current if current is not None else self.instance._meta.get_field(name).default
                )
        return cleaned

    def offered_dates(self):
        """The series' dates from today on that a change's date offers (at most
        ``OFFERED_COUNT`` within ``OFFERED_RANGE``), or none while the schedule is incomplete or
        has errors (a new series: its changes' dates are then typed)."""
        return self._offered_dates

    @cached_property
    def _offered_dates(self):
        from .occurrences import rule_dates

        series = self.instance
        if self.is_bound and any(name in self.errors for name in SCHEDULE_FIELDS):
            return []
        if not series.first_date or (not series.all_day and series.start_time is None):
            return []
        today = timezone.now().astimezone(series.zone).date()
        return rule_dates(series, today, _shifted(today, OFFERED_RANGE))[:OFFERED_COUNT]

    def _post_clean(self):
        # The instance now has the submitted schedule, and the model's clean() has run on it.
        super()._post_clean()
        overrides = self.formsets.get("overrides")
        if overrides is None or any(name in self.errors for name in SCHEDULE_FIELDS):
            return
        if not self.instance.all_day and self.instance.start_time is None:
            return
        forms = [
            form
            for form in overrides.forms
            if form.is_valid()
            and form.cleaned_data.get("date")
            and not (overrides.can_delete and overrides._should_delete_form(form))
        ]
        messages = override_date_errors(self.instance, [f.cleaned_data["date"] for f in forms])
        seen = set()
        for form in forms:
            day = form.cleaned_data["date"]
            if day in messages:
                form.add_error("date", messages[day])
            elif day in seen:
                form.add_error(
                    "date",
                    _(
                        "There is already a change to %(date)s above. Make every change to one "
                        "date in one entry."
                    )
                    % {"date": formats.date_format(day, "DATE_FORMAT")},
                )
            seen.add(day)
