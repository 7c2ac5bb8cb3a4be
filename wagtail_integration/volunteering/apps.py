from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    """The volunteer-interest form and the coordinators' workspace."""

    name = "wagtail_integration.volunteering"
    label = "integration_volunteering"
    verbose_name = _("Volunteering")
    default_auto_field = "django.db.models.BigAutoField"
