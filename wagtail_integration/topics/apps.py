from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    """Topic guides: one page per theme, kept fresh."""

    name = "wagtail_integration.topics"
    label = "integration_topics"
    verbose_name = _("Topic guides")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.topics.api.router"

    def ready(self):
        from ..content_cache import retire_answers_on_change
        from ..taxonomy import Topic

        retire_answers_on_change(Topic)

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
