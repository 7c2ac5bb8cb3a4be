from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    """The volunteer-interest form and the coordinators' workspace."""

    name = "wagtail_integration.volunteering"
    label = "integration_volunteering"
    verbose_name = _("Volunteering")
    default_auto_field = "django.db.models.BigAutoField"
    #: Where the core's URLconf includes this app's public URLs (the unsubscribe links).
    urls = ("integration/volunteering/", "wagtail_integration.volunteering.urls")

    def beat_schedule(self):
        """Sends the Stammtisch invitations that are due (STAMMTISCH_INVITATION_DAYS_BEFORE)."""
        from celery.schedules import crontab

        return {
            "wagtail-integration-stammtisch-invitations": {
                "task": "wagtail_integration.volunteering.send_due_invitations",
                "schedule": crontab(minute=0, hour=8),
            },
        }
