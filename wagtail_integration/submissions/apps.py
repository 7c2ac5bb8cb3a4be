from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """The machinery the package's public forms share."""

    name = "wagtail_integration.submissions"
    label = "integration_submissions"
    verbose_name = _("Form submissions")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.submissions.api.router"

    def beat_schedule(self):
        """The outbox's sweep and the nightly retention purge."""
        from celery.schedules import crontab

        from ..conf import get_setting

        return {
            # Sends the notifications whose task never reached the broker, or whose worker died.
            "wagtail-integration-sweep-outbox": {
                "task": "wagtail_integration.submissions.sweep_outbox",
                "schedule": float(get_setting("OUTBOX_SWEEP_INTERVAL")),
            },
            # Retention: at night, before anyone looks at the submissions of the day.
            "wagtail-integration-purge-expired-submissions": {
                "task": "wagtail_integration.submissions.purge_expired_submissions",
                "schedule": crontab(minute=0, hour=4),
            },
        }
