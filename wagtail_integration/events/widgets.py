"""The recurrence editor of a series in the Wagtail admin, in the editor's language.

django-recurrence's widget has two problems in Wagtail's page editor, both solved here:

* Its media loads Django's ``admin/js/jquery.init.js``, which *replaces* ``window.django``: the
  object on which the admin's JavaScript catalog put ``gettext`` and the messages. From then on
  Wagtail's own scripts (the sidebar's "Search", the editor's "Collapse all") fell back to
  English. :class:`RecurrenceWidget` loads our ``recurrence-jquery.js`` instead, which adds
  ``jQuery`` to the existing object.
* Its script translates through the global ``gettext`` of Django's JavaScript catalog, but no
  catalog served its messages (its own lookup of a catalog URL only knows the view Django 2.0
  removed), and django-recurrence ships none for Persian, Russian, Turkish or Ukrainian. Its
  messages are listed here, so that ``makemessages`` puts them into our ``django`` catalogs, and
  :class:`~.admin_views.RecurrenceCatalogView` serves them, translated, to the widget's script.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, pgettext
from recurrence.forms import RecurrenceWidget as BaseRecurrenceWidget

__all__ = ["RecurrenceWidget", "recurrence_catalog"]

#: The messages of django-recurrence's scripts without a context (recurrence.js and
#: recurrence-widget.js of django-recurrence 1.14), marked for ``makemessages``.
MESSAGES = (
    # The editor's labels and buttons.
    gettext_noop("including"),
    gettext_noop("excluding"),
    gettext_noop("Frequency"),
    gettext_noop("On the"),
    gettext_noop("Each"),
    gettext_noop("Every"),
    gettext_noop("Until"),
    gettext_noop("Occurs %(number)s time"),
    gettext_noop("Occurs %(number)s times"),
    gettext_noop("Date"),
    gettext_noop("Time"),
    gettext_noop("Repeat until"),
    gettext_noop("Exclude these occurences"),
    gettext_noop("Exclude this date"),
    gettext_noop("Add rule"),
    gettext_noop("Add date"),
    gettext_noop("Remove"),
    gettext_noop("Calendar"),
    # The rule as a sentence ("monthly, on the first Tuesday, until …").
    gettext_noop("midnight"),
    gettext_noop("noon"),
    gettext_noop("on the %(items)s"),
    gettext_noop("every %(number)s %(freq)s"),
    gettext_noop("each %(items)s"),
    gettext_noop("occuring %(number)s time"),
    gettext_noop("occuring %(number)s times"),
    gettext_noop("until %(date)s"),
    gettext_noop("year"),
    gettext_noop("month"),
    gettext_noop("week"),
    gettext_noop("day"),
    gettext_noop("hour"),
    gettext_noop("minute"),
    gettext_noop("second"),
    gettext_noop("years"),
    gettext_noop("months"),
    gettext_noop("weeks"),
    gettext_noop("days"),
    gettext_noop("hours"),
    gettext_noop("minutes"),
    gettext_noop("seconds"),
    gettext_noop("annually"),
    gettext_noop("monthly"),
    gettext_noop("weekly"),
    gettext_noop("daily"),
    gettext_noop("hourly"),
    gettext_noop("minutely"),
    gettext_noop("secondly"),
    gettext_noop("first %(weekday)s"),
    gettext_noop("second %(weekday)s"),
    gettext_noop("third %(weekday)s"),
    gettext_noop("fourth %(weekday)s"),
    gettext_noop("last %(weekday)s"),
    gettext_noop("second last %(weekday)s"),
    gettext_noop("third last %(weekday)s"),
    gettext_noop("1st %(weekday)s"),
    gettext_noop("2nd %(weekday)s"),
    gettext_noop("3rd %(weekday)s"),
    gettext_noop("4th %(weekday)s"),
    gettext_noop("2nd last %(weekday)s"),
    gettext_noop("3rd last %(weekday)s"),
    gettext_noop("last"),
    gettext_noop("second last"),
    gettext_noop("third last"),
    gettext_noop("fourth last"),
    gettext_noop("2nd last"),
    gettext_noop("3rd last"),
    gettext_noop("4th last"),
    gettext_noop("a.m."),
    gettext_noop("p.m."),
    gettext_noop("AM"),
    gettext_noop("PM"),
    # Weekdays and months, as the widget's grids and its calendar show them.
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    gettext_noop("Jan"),
    gettext_noop("Feb"),
    gettext_noop("Mar"),
    gettext_noop("Apr"),
    gettext_noop("Jun"),
    gettext_noop("Jul"),
    gettext_noop("Aug"),
    gettext_noop("Sep"),
    gettext_noop("Oct"),
    gettext_noop("Nov"),
    gettext_noop("Dec"),
    gettext_noop("Jan."),
    gettext_noop("Feb."),
    gettext_noop("Aug."),
    gettext_noop("Sept."),
    gettext_noop("Oct."),
    gettext_noop("Nov."),
    gettext_noop("Dec."),
)


def _messages_with_context():
    """The scripts' messages with a context, keyed as Django's JavaScript catalog keys them."""
    # Written out (rather than looped over) so that makemessages finds each pgettext call.
    return {
        "date\x04%l, %F %j, %Y": pgettext("date", "%l, %F %j, %Y"),
        "Until date format\x04%Y-%m-%d": pgettext("Until date format", "%Y-%m-%d"),
        "Day of month\x04%j%S": pgettext("Day of month", "%j%S"),
        "month name\x04May": pgettext("month name", "May"),
        "Monday first letter\x04M": pgettext("Monday first letter", "M"),
        "Tuesday first letter\x04T": pgettext("Tuesday first letter", "T"),
        "Wednesday first letter\x04W": pgettext("Wednesday first letter", "W"),
        "Thursday first letter\x04T": pgettext("Thursday first letter", "T"),
        "Friday first letter\x04F": pgettext("Friday first letter", "F"),
        "Saturday first letter\x04S": pgettext("Saturday first letter", "S"),
        "Sunday first letter\x04S": pgettext("Sunday first letter", "S"),
    }


def recurrence_catalog():
    """The translations of the widget's messages into the active language, by catalog key.

    Messages without a translation are left out: the script shows them as they are.
    """
    catalog = {message: gettext(message) for message in MESSAGES}
    catalog.update(_messages_with_context())
    return {key: value for key, value in catalog.items() if value != key.rpartition("\x04")[2]}


class RecurrenceWidget(BaseRecurrenceWidget):
    """django-recurrence's widget, translated and styled for the Wagtail admin.

    Its media are the original's with two changes: our catalog of its messages comes first, and
    ``recurrence-jquery.js`` replaces Django's ``jquery.init.js`` (which replaced
    ``window.django``, and with it the admin's translations). ``recurrence-widget.css`` fits its
    checkboxes, radio buttons and grids to Wagtail's form styles.
    """

    @property
    def media(self):
        """The widget's scripts and styles, in the order they must load."""
        return forms.Media(
            js=[
                reverse("integration_events_recurrence_catalog"),
                "admin/js/vendor/jquery/jquery.min.js",
                "wagtail_integration/js/recurrence-jquery.js",
                "recurrence/js/recurrence.js",
                "recurrence/js/recurrence-widget.js",
                "recurrence/js/recurrence-widget.init.js",
            ],
            css={
                "all": [
                    "recurrence/css/recurrence.css",
                    "wagtail_integration/css/recurrence-widget.css",
                ]
            },
        )
