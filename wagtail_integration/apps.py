from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class WagtailIntegrationConfig(AppConfig):
    """The core app: settings, URL entry point, background-job plumbing, the shared catalogs."""

    name = "wagtail_integration"
    label = "wagtail_integration"
    verbose_name = _("Integration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .admin_strings import label_derived_fields, localise_translation_dates
        from .checks import (
            check_deployment,
            check_required_apps,
            check_settings,
            check_translation_settings,
        )
        from .content_cache import connect
        from .languages import register_language_info

        register_language_info()
        label_derived_fields()
        localise_translation_dates()
        checks.register(check_settings, checks.Tags.compatibility)
        checks.register(check_required_apps)
        checks.register(check_translation_settings, checks.Tags.compatibility)
        checks.register(check_deployment, deploy=True)
        connect()

    def beat_schedule(self):
        """The worker's heartbeat that ``GET health`` reads (see ``wagtail_integration.celery``)."""
        from .conf import get_setting

        return {
            "wagtail-integration-heartbeat": {
                "task": "wagtail_integration.record_heartbeat",
                "schedule": float(get_setting("WORKER_HEARTBEAT_INTERVAL")),
            },
        }
