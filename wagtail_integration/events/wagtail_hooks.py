"""Registration of the events domain with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .views import EventCategoryViewSet

register_snippet(EventCategoryViewSet)
