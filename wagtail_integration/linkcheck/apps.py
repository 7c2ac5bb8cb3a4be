from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkcheckConfig(AppConfig):
    """Link checking and review reminders: what keeps guides' and organisations' links current."""

    name = "wagtail_integration.linkcheck"
    label = "integration_linkcheck"
    verbose_name = _("Link checking and review reminders")
    default_auto_field = "django.db.models.BigAutoField"

    def beat_schedule(self):
        """The link check and the review reminders (read by ``wagtail_integration.celery``)."""
        from celery.schedules import crontab

        return {
            # Early on Monday and every morning: done before the editors start work.
            "wagtail-integration-check-links": {
                "task": "wagtail_integration.topics.check_links",
                "schedule": crontab(minute=30, hour=3, day_of_week="mon"),
            },
            "wagtail-integration-review-reminders": {
                "task": "wagtail_integration.topics.send_review_reminders",
                "schedule": crontab(minute=0, hour=7),
            },
        }
