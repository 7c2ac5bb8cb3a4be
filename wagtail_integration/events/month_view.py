"""The month view of an event index: the weeks of one month, each day with its dates.

:func:`month_context` is what ``EventIndexPage`` shows for ``?month=YYYY-MM`` (see
:func:`.pages.index_context`); :func:`month_calendar` lays the dates out in weeks, starting
on the first day of the week of the page's language.
"""

import calendar
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import formats
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from .items import LONGEST_OCCURRENCE, build_items, json_ld, local_midnight, occurrence_rows

__all__ = ["first_weekday", "month_calendar", "month_context", "parse_month"]


def parse_month(value):
    """``"2026-03"`` as the first day of that month, or None when it is not a month."""
    try:
        year, month = (int(part) for part in str(value).split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def first_weekday(language_code):
    """The first day of the week in ``language_code``, as :mod:`calendar` counts (Monday 0)."""
    django_day = formats.get_format("FIRST_DAY_OF_WEEK", lang=language_code)  # Sunday 0
    return (int(django_day) + 6) % 7


def month_calendar(items, month, *, first_day=0, today=None):
    """The weeks of ``month`` as rows of seven days, each day with its items.

    Returns ``{"weeks": [[{"date", "in_month", "today", "items"}, ...], ...], "weekdays":
    [(name, abbreviation), ...]}``, the weekdays starting at ``first_day`` (Monday 0).
    """
    by_date = {}
    for item in items:
        by_date.setdefault(item.start.date(), []).append(item)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "today": day == today,
                "items": by_date.get(day, []) if day.month == month.month else [],
            }
            for day in week
        ]
        for week in calendar.Calendar(first_day).monthdatescalendar(month.year, month.month)
    ]
    weekdays = [
        (WEEKDAYS[(first_day + n) % 7], WEEKDAYS_ABBR[(first_day + n) % 7]) for n in range(7)
    ]
    return {"weeks": weeks, "weekdays": weekdays}


def month_context(view, month, limit):
    """The month view of ``month``: at most ``limit`` dates (it says when there are more).

    ``view`` is what :func:`.pages.index_context` gathered: ``page``, ``request``, ``series``
    (filtered), ``default`` (locale), ``zone``, ``today`` and ``window`` (local dates).
    """
    zone, (first, horizon) = view["zone"], view["window"]
    following, previous = month + relativedelta(months=1), month - relativedelta(months=1)
    # A day wider than the month on each side: a series in another time zone has its own days.
    rows = occurrence_rows(
        view["series"],
        local_midnight(month, zone) - LONGEST_OCCURRENCE,
        local_midnight(following, zone) + LONGEST_OCCURRENCE,
        limit=limit,
    )
    items = [
        item
        for item in build_items(rows, view["page"].locale, request=view["request"])
        if item.start.date().replace(day=1) == month
    ]
    first_day = first_weekday(view["page"].locale.language_code)
    return {
        "events": items,
        "json_ld": json_ld(items, view["request"]),
        "month_view": {
            "month": month,
            "previous": previous if previous >= first.replace(day=1) else None,
            "next": following if following < horizon else None,
            "truncated": len(rows) >= limit,
            **month_calendar(items, month, first_day=first_day, today=view["today"]),
        },
    }
