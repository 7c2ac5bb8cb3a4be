"""The events domain's admin views: the catalog of the recurrence widget's messages."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from .widgets import recurrence_catalog

__all__ = ["RecurrenceCatalogView", "admin_urls"]


class RecurrenceCatalogView(JavaScriptCatalog):
    """Django's JavaScript catalog of the recurrence widget's messages, in the user's language.

    Its script adds the messages to the admin's catalog (``django.catalog``) before the widget's
    scripts run. Its plural rule is the one of Wagtail's catalog (package ``wagtail.admin``):
    the script sets ``django.pluralidx`` anew, so it must set the rule the admin already uses.
    Wagtail serves the admin's URLs in the user's preferred language, so this view does too.
    """

    packages = ["wagtail.admin"]

    def get_catalog(self):
        """Only the widget's messages, translated by our ``django`` catalogs."""
        return recurrence_catalog()


def admin_urls():
    """The events' admin URLs (for the ``register_admin_urls`` hook)."""
    return [
        path(
            "integration/events/jsi18n/recurrence/",
            RecurrenceCatalogView.as_view(),
            name="integration_events_recurrence_catalog",
        )
    ]
