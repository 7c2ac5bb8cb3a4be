"""Registration of topics with the Wagtail admin."""

from wagtail.snippets.models import register_snippet

from .views import TopicViewSet

register_snippet(TopicViewSet)
