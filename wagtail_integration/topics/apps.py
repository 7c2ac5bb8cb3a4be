from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    """Topic guides: one page per theme, kept fresh."""

    name = "wagtail_integration.topics"
    label = "integration_topics"
    verbose_name = _("Topic guides")
    default_auto_field = "django.db.models.BigAutoField"
