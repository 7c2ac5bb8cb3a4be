from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Event series, recurring Stammtische and their occurrences."""

    name = "wagtail_integration.events"
    label = "integration_events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"
    api_router = "wagtail_integration.events.api.router"

    def ready(self):
        from ..content_cache import retire_answers_on_change
        from ..topics.blocks import register_guide_block
        from . import signals
        from .blocks import NextStammtischBlock, UpcomingEventsBlock
        from .models import EventCategory

        signals.connect()
        retire_answers_on_change(EventCategory)
        # Topic guides show the next dates without the topics app importing this one.
        register_guide_block("next_stammtisch", NextStammtischBlock())
        register_guide_block("upcoming_events", UpcomingEventsBlock())

    def beat_schedule(self):
        """Nightly: the rolling horizon of materialised occurrences moves on by a day."""
        from celery.schedules import crontab

        return {
            "wagtail-integration-refresh-occurrences": {
                "task": "wagtail_integration.events.refresh_all_occurrences",
                "schedule": crontab(minute=15, hour=2),
            },
        }
