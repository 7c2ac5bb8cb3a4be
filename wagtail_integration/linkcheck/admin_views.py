"""The "Broken links" report in Wagtail's Reports menu: links in use whose latest check failed."""

import django_filters
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permissions import page_permission_policy

from .links import in_use
from .models import CheckedURL, LinkStatus, LinkUsage

__all__ = [
    "BrokenLinksFilterSet",
    "BrokenLinksReportView",
    "admin_urls",
    "broken_links",
    "menu_item",
    "user_can_see_links",
]

#: Page permissions that let a user see the link report and the dashboard panels.
EDITOR_PERMISSIONS = ["add", "change", "publish"]


def user_can_see_links(user):
    """Whether ``user`` edits pages, and so should see broken links and guides due for review."""
    return page_permission_policy.user_has_any_permission(user, EDITOR_PERMISSIONS)


def broken_links():
    """Links in use in a guide or an organisation whose latest check did not find them working."""
    return (
        CheckedURL.objects.filter(in_use(), latest_check__isnull=False)
        .exclude(latest_check__kind=LinkStatus.OK)
        .select_related("latest_check")
    )


def with_usages(queryset):
    """``queryset`` with each link's usages and their guide or organisation fetched at once."""
    return queryset.prefetch_related(
        Prefetch(
            "usages",
            queryset=LinkUsage.objects.select_related(
                "guide", "guide__locale", "organisation", "organisation__locale"
            ).order_by("pk"),
        )
    )


class BrokenLinksFilterSet(WagtailFilterSet):
    """Filters of the report: outcome, kind of place, host, and how long a link has failed."""

    kind = django_filters.ChoiceFilter(
        label=_("Result"),
        field_name="latest_check__kind",
        choices=[choice for choice in LinkStatus.choices if choice[0] != LinkStatus.OK],
    )
    place = django_filters.ChoiceFilter(
        label=_("Used in"),
        choices=[("guide", _("Guides")), ("organisation", _("Organisations"))],
        method="filter_place",
    )
    host = django_filters.CharFilter(label=_("Host"), field_name="host", lookup_expr="icontains")
    failing_since = django_filters.DateFilter(
        label=_("Failing since on or before"),
        field_name="failing_since",
        lookup_expr="date__lte",
        widget=AdminDateInput,
    )

    class Meta:
        model = CheckedURL
        fields = []

    def filter_place(self, queryset, name, value):
        """Links used in at least one guide, or in at least one organisation."""
        usages = LinkUsage.objects.filter(checked_url=OuterRef("pk"), **{f"{value}__isnull": False})
        return queryset.filter(Exists(usages))


class URLColumn(Column):
    """The address as a link, and where its redirects ended."""

    cell_template_name = "integration_linkcheck/admin/broken_links_url_cell.html"


class UsedOnColumn(Column):
    """The guides and organisations that use the link, each linked to its edit view."""

    cell_template_name = "integration_linkcheck/admin/broken_links_used_on_cell.html"


class BrokenLinksReportView(ReportView):
    """Links in use whose latest check failed, oldest failure first; CSV and XLSX export."""

    model = CheckedURL
    page_title = _("Broken links")
    header_icon = "warning"
    verbose_name = _("broken link")
    verbose_name_plural = _("broken links")
    index_url_name = "integration_topics_reports:broken_links"
    index_results_url_name = "integration_topics_reports:broken_links_results"
    filterset_class = BrokenLinksFilterSet
    permission_policy = page_permission_policy
    any_permission_required = EDITOR_PERMISSIONS
    default_ordering = "failing_since"
    columns = [
        URLColumn("url", label=_("Address"), sort_key="url"),
        Column("result_label", label=_("Result")),
        DateColumn("failing_since", label=_("Failing since"), sort_key="failing_since"),
        DateColumn(
            "checked_at",
            label=_("Last checked"),
            accessor="latest_check.checked_at",
            sort_key="latest_check__checked_at",
        ),
        UsedOnColumn("used_on", label=_("Used in")),
    ]
    export_filename = "broken-links"
    list_export = [
        "url",
        "result_label",
        "latest_check.status_code",
        "latest_check.error_message",
        "failing_since",
        "latest_check.checked_at",
        "latest_check.final_url",
        "used_on",
    ]
    export_headings = {
        "url": _("Address"),
        "result_label": _("Result"),
        "latest_check.status_code": _("HTTP status"),
        "latest_check.error_message": _("Error message"),
        "failing_since": _("Failing since"),
        "latest_check.checked_at": _("Last checked"),
        "latest_check.final_url": _("Final address"),
        "used_on": _("Used in"),
    }

    def get_base_queryset(self):
        return with_usages(broken_links())

    def decorate_paginated_queryset(self, object_list):
        finder = AdminURLFinder(self.request.user)
        for link in object_list:
            for usage in link.usages.all():
                usage.edit_url = finder.get_edit_url(usage.place)
        return object_list


class BrokenLinksMenuItem(MenuItem):
    """The report's entry in the Reports menu, for users who edit pages."""

    def is_shown(self, request):
        return user_can_see_links(request.user)


def menu_item():
    """The Reports menu entry (for the ``register_reports_menu_item`` hook)."""
    return BrokenLinksMenuItem(
        _("Broken links"),
        reverse("integration_topics_reports:broken_links"),
        name="integration-broken-links",
        icon_name="warning",
        order=1300,
    )


def admin_urls():
    """The report's admin URLs (for the ``register_admin_urls`` hook)."""
    patterns = [
        path("", BrokenLinksReportView.as_view(), name="broken_links"),
        path(
            "results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="broken_links_results",
        ),
    ]
    return [
        path(
            "integration/reports/broken-links/",
            # The namespace it had in the topics app: URL names stay as they were.
            include((patterns, "integration_topics_reports")),
        )
    ]
