"""The coordinators' workspace: offers of help in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import VolunteerInterest

__all__ = ["VolunteerInterestViewSet"]


class VolunteerInterestViewSet(SnippetViewSet):
    """Offers of help, for the members of the "Volunteer coordination" group."""

    model = VolunteerInterest
    icon = "group"
    menu_label = _("Offers of help")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "volunteers"
    list_display = ["name", "status", "assigned_to", "created_at"]
    list_filter = ["status"]
