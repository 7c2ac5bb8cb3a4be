"""Registration of the volunteering app with the Wagtail admin: workspace, bulk actions, panel."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import bulk_actions, panels
from .workspace import VolunteerInterestViewSet

register_snippet(VolunteerInterestViewSet)

hooks.register("register_bulk_action", bulk_actions.ChangeStatusBulkAction)
hooks.register("register_bulk_action", bulk_actions.AssignBulkAction)
hooks.register("construct_homepage_panels", panels.add_homepage_panels)

# Stammtisch invitations: the coordinators' admin view and its menu entry.
from . import admin_views  # noqa: E402

hooks.register("register_admin_urls", admin_views.admin_urls)
hooks.register("register_admin_menu_item", admin_views.menu_item)
