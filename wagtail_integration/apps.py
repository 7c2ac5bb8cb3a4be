from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailIntegrationConfig(AppConfig):
    """The core app: settings, URL entry point, background-job plumbing, the shared catalogs."""

    name = "wagtail_integration"
    label = "wagtail_integration"
    verbose_name = _("Integration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing registers the system checks.
        from . import checks  # noqa: F401
        from .content_cache import connect

        connect()
