"""Admin views of topics."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    """Topics in the admin."""

    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    add_to_admin_menu = False
    list_display = ["name", "slug", "sort_order"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
