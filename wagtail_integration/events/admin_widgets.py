"""Widgets of the series editor's changes to single dates, in the Wagtail admin.

:class:`OccurrenceDateSelect` offers the series' coming dates as a list to pick from;
:class:`OverrideActionSelect` shows the fields of a moved date only while the change is a move.
"""

import datetime as dt

from django import forms
from django.templatetags.static import static
from django.utils import formats
from django.utils.translation import pgettext
from wagtail.admin.widgets import AdminDateInput

__all__ = ["OccurrenceDateSelect", "OverrideActionSelect", "date_label"]


def date_label(day):
    """A date as the editor reads it in a list: weekday and date, in the active language."""
    # The templates' wording of a date (msgctxt "event date"), so no new string to translate.
    return pgettext("event date", "%(weekday)s, %(date)s") % {
        "weekday": formats.date_format(day, "l"),
        "date": formats.date_format(day, "DATE_FORMAT"),
    }


def _as_date(value):
    """``value`` (a date, or the ISO text the list posts) as a date, or None."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class OccurrenceDateSelect(forms.Widget):
    """The date of a change: a list of the series' coming dates, or a date input without them.

    ``dates`` is called when the widget is rendered and returns the dates to offer (an empty
    list when the schedule is not known yet, as in a new series). A value that is not among
    them (a past date, or one the editor posted and the form refused) is offered as well, so
    that what was saved or typed is never silently replaced. Both forms post an ISO date, which
    the form's ``DateField`` reads; the form still refuses any date the rule does not give.
    """

    def __init__(self, dates, attrs=None):
        super().__init__(attrs)
        self.dates = dates

    @property
    def media(self):
        # The date input of a new series needs Wagtail's date picker.
        return AdminDateInput().media

    def render(self, name, value, attrs=None, renderer=None):
        days = list(self.dates())
        if not days:
            return AdminDateInput(attrs=self.attrs).render(name, value, attrs, renderer)
        current = _as_date(value)
        if current is not None and current not in days:
            days = sorted([*days, current])
        choices = [("", "---------")] + [(day.isoformat(), date_label(day)) for day in days]
        if value and current is None:  # text the list cannot read: show it as it came
            choices.append((str(value), str(value)))
        selected = current.isoformat() if current is not None else (value or "")
        select = forms.Select(attrs=self.attrs, choices=choices)
        return select.render(name, selected, attrs, renderer)


class OverrideActionSelect(forms.Select):
    """The kind of a change; its script hides the new date, time and venue unless it is a move.

    The script (a Stimulus controller on this select) hides the panels marked
    ``data-wi-move-field`` in the same change. Hidden fields are still posted with their values,
    so switching back to "move" shows what was entered; only a move uses them.
    """

    def __init__(self, attrs=None, choices=()):
        attrs = {
            "data-controller": "wi-override-action",
            "data-action": "change->wi-override-action#toggle",
            "data-wi-override-action-move-value": "move",
            **(attrs or {}),
        }
        super().__init__(attrs, choices)

    @property
    def media(self):
        return forms.Media(js=[static("wagtail_integration/js/override-action.js")])
