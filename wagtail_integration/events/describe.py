"""A series' schedule as a sentence in the visitor's language.

"jeden ersten Dienstag im Monat, 19:00–21:00 Uhr" — built from the RFC 5545 rule for the common
patterns of a city's events (daily, weekly on some weekdays, every n weeks, monthly on the n-th
or last weekday, monthly on a day of the month, yearly); anything else falls back to
django-recurrence's own wording, and a single event to its date.
"""

from django.utils import formats
from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .recurrence import naive_until

__all__ = ["describe_rule", "describe_schedule", "describe_times"]

# dateutil/django-recurrence number weekdays Monday=0; Django's WEEKDAYS does too.


def _ordinal(n):
    """The n-th (1..5, -1 for last) as used before a weekday in a monthly rule."""
    ordinals = {
        1: pgettext("monthly rule: the ___ Tuesday", "first"),
        2: pgettext("monthly rule: the ___ Tuesday", "second"),
        3: pgettext("monthly rule: the ___ Tuesday", "third"),
        4: pgettext("monthly rule: the ___ Tuesday", "fourth"),
        5: pgettext("monthly rule: the ___ Tuesday", "fifth"),
        -1: pgettext("monthly rule: the ___ Tuesday", "last"),
    }
    return ordinals.get(n)


def _weekday(day):
    return str(WEEKDAYS[getattr(day, "number", day) % 7])


def _weekdays(days):
    return str(get_text_list([_weekday(d) for d in days], _("and")))


def describe_rule(rule):
    """One django-recurrence ``Rule`` as a phrase, or None when it has no phrase of ours."""
    from recurrence import base

    interval = rule.interval or 1
    days = list(rule.byday or [])
    positions = [getattr(d, "index", None) for d in days]
    if rule.bymonth or rule.byhour or rule.byminute or rule.bysetpos:
        return None
    if rule.freq == base.DAILY and not days:
        if interval == 1:
            return _("every day")
        return _("every %(n)s days") % {"n": interval}
    if rule.freq == base.WEEKLY and all(p in (None, 0) for p in positions):
        if not days:
            return None if interval > 1 else _("every week")
        if interval == 1:
            return _("every %(weekdays)s") % {"weekdays": _weekdays(days)}
        if interval == 2:
            return _("every second %(weekdays)s") % {"weekdays": _weekdays(days)}
        return _("every %(n)s weeks on %(weekdays)s") % {"n": interval, "weekdays": _weekdays(days)}
    if rule.freq == base.MONTHLY and interval == 1:
        if len(days) == 1 and _ordinal(positions[0]):
            return _("every %(ordinal)s %(weekday)s of the month") % {
                "ordinal": _ordinal(positions[0]),
                "weekday": _weekday(days[0]),
            }
        if not days and rule.bymonthday and len(rule.bymonthday) == 1 and rule.bymonthday[0] > 0:
            return _("on day %(day)s of every month") % {"day": rule.bymonthday[0]}
    if rule.freq == base.YEARLY and interval == 1 and not days:
        return _("every year")
    return None


def describe_times(series):
    """The time of day of a series: "19:00–21:00 Uhr", or "all day"."""
    if series.all_day or series.start_time is None:
        return _("all day")
    start = formats.time_format(series.start_time)
    if series.end_time is None:
        return _("from %(start)s") % {"start": start}
    return _("%(start)s–%(end)s") % {"start": start, "end": formats.time_format(series.end_time)}


def describe_schedule(series):
    """The whole schedule of a series as a sentence in the active language."""
    recurrence = series.recurrence
    times = describe_times(series)
    if not recurrence or not recurrence.rrules:
        date = formats.date_format(series.first_date, "DATE_FORMAT")
        return _("%(date)s, %(times)s") % {"date": date, "times": times}
    phrases = []
    for rule in recurrence.rrules:
        phrase = describe_rule(rule)
        phrases.append(phrase if phrase is not None else rule.to_text())
        if rule.count:
            phrases[-1] = _("%(phrase)s, %(count)s times") % {
                "phrase": phrases[-1],
                "count": rule.count,
            }
        elif rule.until:
            until = formats.date_format(naive_until(rule.until, series.zone), "DATE_FORMAT")
            phrases[-1] = _("%(phrase)s until %(date)s") % {"phrase": phrases[-1], "date": until}
    return _("%(rule)s, %(times)s") % {
        "rule": str(get_text_list(phrases, _("and"))),
        "times": times,
    }
