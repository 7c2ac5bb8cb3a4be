from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Organisations and venues that guides and events point to."""

    name = "wagtail_integration.directory"
    label = "integration_directory"
    verbose_name = _("Directory")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.directory.api.router"

    def ready(self):
        from ..content_cache import retire_answers_on_change
        from .models import Organisation, Venue

        retire_answers_on_change(Venue, Organisation)
