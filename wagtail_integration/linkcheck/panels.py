"""Dashboard panels: guides due for review, and broken links."""

from django.urls import reverse
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from .admin_views import broken_links, user_can_see_links, with_usages
from .reminders import due_guides

__all__ = ["BrokenLinksPanel", "ReviewDuePanel", "add_homepage_panels"]


class ReviewDuePanel(Component):
    """The guides due for review; the user's own first."""

    name = "integration_review_due"
    template_name = "integration_linkcheck/admin/review_due_panel.html"
    order = 150
    limit = 10

    def __init__(self, due, user):
        self.due, self.user = due, user

    def get_context_data(self, parent_context):
        items = sorted(self.due, key=lambda item: (item.responsible != self.user, item.review_due))
        return {
            "heading": ngettext(
                "%(count)s guide due for review", "%(count)s guides due for review", len(items)
            )
            % {"count": len(items)},
            "items": items[: self.limit],
            "more": max(0, len(items) - self.limit),
            "user": self.user,
        }


class BrokenLinksPanel(Component):
    """How many links in use are broken, the longest-failing first, and the way to the report."""

    name = "integration_broken_links"
    template_name = "integration_linkcheck/admin/broken_links_panel.html"
    order = 160
    limit = 5

    def __init__(self, links):
        self.links = links

    def get_context_data(self, parent_context):
        count = self.links.count()
        return {
            "heading": ngettext("%(count)s broken link", "%(count)s broken links", count)
            % {"count": count},
            "links": with_usages(self.links.order_by("failing_since", "pk"))[: self.limit],
            "count": count,
            "report_url": reverse("integration_topics_reports:broken_links"),
        }


def add_homepage_panels(request, panels):
    """Add the panels that have something to say (for ``construct_homepage_panels``)."""
    if not user_can_see_links(request.user):
        return
    due = due_guides()
    if due:
        panels.append(ReviewDuePanel(due, request.user))
    links = broken_links()
    if links.exists():
        panels.append(BrokenLinksPanel(links))
