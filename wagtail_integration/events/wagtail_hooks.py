"""Registration of the events domain with the Wagtail admin."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import EventCategoryViewSet

register_snippet(EventCategoryViewSet)


@hooks.register("insert_global_admin_css")
def recurrence_widget_css():
    """Keep the recurrence widget from floating beside the panels after it."""
    return format_html(
        '<link rel="stylesheet" href="{}">',
        static("wagtail_integration/css/recurrence-admin.css"),
    )
