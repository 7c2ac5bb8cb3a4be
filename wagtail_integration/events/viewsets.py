"""The events domain in the Wagtail admin: the listing of categories."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import EventCategory

__all__ = ["EventCategoryViewSet"]


class EventCategoryViewSet(SnippetViewSet):
    """Event categories in the admin (Stammtisch, training, talk …)."""

    model = EventCategory
    icon = "date"
    menu_label = _("Event categories")
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug")]
