"""The dashboard panel of the coordinators: the offers assigned to the user, offers per status,
and a chart of offers per month."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.components import Component

from .models import Status, VolunteerInterest

__all__ = [
    "OffersPanel",
    "add_homepage_panels",
    "assigned_to",
    "month_starts",
    "user_can_see_offers",
]

#: How many months the chart shows, the current one included.
MONTHS = 12
#: Height of the tallest bar, in the chart's own units.
CHART_HEIGHT = 100
BAR_WIDTH = 24
BAR_GAP = 8


def user_can_see_offers(user):
    """Whether ``user`` may see offers of help (and so the panel)."""
    policy = VolunteerInterest.snippet_viewset.permission_policy
    return policy.user_has_any_permission(user, ["view", "change"])


def month_starts(today, months=MONTHS):
    """The first day of each of the last ``months`` months, the oldest first."""
    year, month = today.year, today.month
    starts = []
    for _index in range(months):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def assigned_to(user):
    """How many offers are assigned to ``user`` (what the listing's "assigned to: me" shows)."""
    if user is None or not user.is_authenticated:
        return 0
    return VolunteerInterest.objects.filter(assigned_to=user).count()


def counts_per_status():
    """``[(status, label, count)]`` for every status, in the order of the workflow (one query)."""
    counts = dict(
        VolunteerInterest.objects.order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return [(status.value, status.label, counts.get(status.value, 0)) for status in Status]


def counts_per_month(today):
    """``[(first day of month, count)]`` for the last twelve months (one query)."""
    starts = month_starts(today)
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))
    rows = (
        VolunteerInterest.objects.filter(created_at__gte=since)
        .order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .values_list("month", "count")
    )
    counts = {}
    for month, count in rows:
        day = month.date() if isinstance(month, datetime.datetime) else month
        counts[day] = counts.get(day, 0) + count
    return [(start, counts.get(start, 0)) for start in starts]


def chart_bars(months):
    """Geometry of the bar chart: one dict per month with position, height and labels."""
    peak = max((count for _start, count in months), default=0) or 1
    bars = []
    for index, (start, count) in enumerate(months):
        height = round(CHART_HEIGHT * count / peak)
        x = index * (BAR_WIDTH + BAR_GAP)
        bars.append(
            {
                "x": x,
                "label_x": x + BAR_WIDTH // 2,
                "y": CHART_HEIGHT - height + 16,
                "height": height,
                "count": count,
                "count_y": CHART_HEIGHT - height + 12,
                "short": date_format(start, "M"),
                "month": date_format(start, "YEAR_MONTH_FORMAT"),
            }
        )
    return bars


class OffersPanel(Component):
    """Counts of offers of help per status and a bar chart of offers per month.

    The chart is an SVG drawn on the server; the same figures follow as a table, so that they
    are there for screen readers and without the picture.
    """

    name = "integration_offers_of_help"
    template_name = "integration_volunteering/admin/offers_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        months = counts_per_month(timezone.localdate())
        request = parent_context.get("request")
        user = getattr(request, "user", None)
        index_url = reverse(VolunteerInterest.snippet_viewset.get_url_name("list"))
        return {
            "mine": assigned_to(user),
            "mine_url": f"{index_url}?mine=me",
            "statuses": counts_per_status(),
            "months": chart_bars(months),
            "total_months": sum(count for _start, count in months),
            "chart_width": MONTHS * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
            "chart_height": CHART_HEIGHT + 32,
            "bar_width": BAR_WIDTH,
            "index_url": index_url,
        }


def add_homepage_panels(request, panels):
    """Add the panel for those who may see offers (for ``construct_homepage_panels``)."""
    if user_can_see_offers(request.user):
        panels.append(OffersPanel())
