from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedConfig(AppConfig):
    """What the city portal embeds: blocks, web components, iframes."""

    name = "wagtail_integration.embed"
    label = "integration_embed"
    verbose_name = _("Embeds")
    default_auto_field = "django.db.models.BigAutoField"
