"""The embed app's admin: webhook endpoints and their delivery log (administrators only)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import WebhookDelivery
from .webhooks.viewsets import (
    ReadOnlyPermissionPolicy,
    WebhookDeliveryViewSet,
    WebhookEndpointViewSet,
    register_permission_policy,
)

register_snippet(WebhookEndpointViewSet)
if register_permission_policy is not None:
    register_permission_policy(
        WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery), exact_class=True
    )


@hooks.register("register_admin_viewset")
def register_delivery_log():
    """The delivery log under Settings."""
    return WebhookDeliveryViewSet("integration_webhook_deliveries")
