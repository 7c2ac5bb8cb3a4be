from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    """Registrations for event series: seats, waiting list, self-service and attendance."""

    name = "wagtail_integration.registrations"
    label = "integration_registrations"
    verbose_name = _("Registrations")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.registrations.api.router"
    #: Where the core's URLconf includes this app's public URLs (form, cancel link).
    urls = ("integration/registrations/", "wagtail_integration.registrations.urls")

    def ready(self):
        from . import signals

        signals.connect()

    def beat_schedule(self):
        """Sends the reminders that are due (each series' ``registration_reminder_hours``)."""
        return {
            "wagtail-integration-registration-reminders": {
                "task": "wagtail_integration.registrations.send_due_reminders",
                "schedule": 15 * 60.0,
            },
        }
