"""The admin's views of the webhooks: the endpoints (a snippet) and the delivery log.

Both are for administrators: nobody else holds their permissions unless given them in a group.
"""

from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

try:  # Wagtail 7.1 and later register a model's policy for every view of it
    from wagtail.permissions import register_permission_policy
except ImportError:
    register_permission_policy = None
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import WebhookDelivery, WebhookEndpoint
from .forms import WebhookEndpointForm

__all__ = ["ReadOnlyPermissionPolicy", "WebhookDeliveryViewSet", "WebhookEndpointViewSet"]


class WebhookEndpointViewSet(SnippetViewSet):
    """Receivers of change notifications; the secret is shown to those who may edit them."""

    model = WebhookEndpoint
    icon = "link-external"
    add_to_settings_menu = True
    list_display = ["name", "url", "is_active"]
    list_filter = ["is_active"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("is_active"),
            FieldPanel("content_types"),
            FieldPanel("secret", read_only=True),
            FieldPanel("new_secret"),
        ],
        base_form_class=WebhookEndpointForm,
    )


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Rows only the outbox writes: people may look at them (``view``) and delete them."""

    def user_has_permission(self, user, action):
        """Never ``add`` or ``change``; otherwise the user's model permissions."""
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: each notification, its tries, the last status code and error."""

    model = WebhookDelivery
    icon = "history"

    if register_permission_policy is None:  # Wagtail 7.0; later ones: embed/wagtail_hooks.py

        @cached_property
        def permission_policy(self):
            """Look and delete, never add or change."""
            return ReadOnlyPermissionPolicy(self.model)

    add_to_settings_menu = True
    list_display = [
        "created_at",
        "event",
        "content_type",
        "object_id",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "delivered_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "endpoint",
        "event",
        "content_type",
        "object_id",
        "delivery_id",
        "status",
        "attempts",
        "attempt_log",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
        "body",
    ]
    form_fields = []  # never edited: see ReadOnlyPermissionPolicy, registered for the model
