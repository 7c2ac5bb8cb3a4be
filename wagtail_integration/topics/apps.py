from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    """Topic guides: one page per theme, kept fresh."""

    name = "wagtail_integration.topics"
    label = "integration_topics"
    verbose_name = _("Topic guides")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.topics.api.router"

    def ready(self):
        from ..content_cache import retire_answers_on_change
        from ..taxonomy import Topic

        retire_answers_on_change(Topic)
