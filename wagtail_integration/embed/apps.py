from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedConfig(AppConfig):
    """What the city portal embeds: blocks, web components, iframes."""

    name = "wagtail_integration.embed"
    label = "integration_embed"
    verbose_name = _("Embeds")
    default_auto_field = "django.db.models.BigAutoField"
    urls = ("integration/", "wagtail_integration.embed.urls")

    def ready(self):
        """Record changes of the package's pages and snippets for the webhook endpoints."""
        from .signals import connect

        connect()

    def beat_schedule(self):
        """The webhook outbox's sweep, and the delivery log's purge."""
        from celery.schedules import crontab

        from ..conf import get_setting

        return {
            # Sends the deliveries whose task never reached the broker, or whose worker died.
            "wagtail-integration-sweep-webhooks": {
                "task": "wagtail_integration.embed.sweep_webhooks",
                "schedule": float(get_setting("OUTBOX_SWEEP_INTERVAL")),
            },
            "wagtail-integration-purge-webhook-log": {
                "task": "wagtail_integration.embed.purge_webhook_log",
                "schedule": crontab(hour=3, minute=40),
            },
        }
