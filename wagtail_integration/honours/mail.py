"""The e-mails about nominations: to the jury and a confirmation to the nominator."""

from django.conf import settings
from django.urls import reverse

from ..mail import render_mail

__all__ = ["render"]

TEMPLATES = {"nomination.jury": "jury", "nomination.confirmation": "confirmation"}


def render(nomination, notification):
    """The ``EmailMessage`` for ``notification`` (rendered in the notification's language)."""
    template = TEMPLATES.get(notification.kind)
    if template is None:
        raise ValueError(f"Unknown notification kind {notification.kind!r}.")
    context = {"nomination": nomination, "notification": notification}
    if template == "jury":
        edit = nomination.snippet_viewset.get_url_name("edit")
        context["admin_url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            edit, args=[nomination.pk]
        )
    return render_mail(
        f"integration_honours/email/{template}",
        context,
        to=[notification.recipient],
        language=notification.language,
    )
