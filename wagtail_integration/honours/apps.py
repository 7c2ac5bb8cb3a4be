from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    """Recipients of the Integrationsehrennadel and nominations."""

    name = "wagtail_integration.honours"
    label = "integration_honours"
    verbose_name = _("Honours")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.honours.api.router"
