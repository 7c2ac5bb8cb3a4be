"""The e-mails about nominations: to the jury and a confirmation to the nominator."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import linebreaks, urlize

from ..conf import get_setting

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
    subject = render_to_string(f"integration_honours/email/{template}_subject.txt", context)
    body = render_to_string(f"integration_honours/email/{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=get_setting("NOTIFICATION_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
    )
    # The same text as HTML, every character of it escaped: names and reasons stay inert.
    html_body = linebreaks(urlize(body, autoescape=True))
    message.attach_alternative(
        f'<html lang="{notification.language}"><body>{html_body}</body></html>', "text/html"
    )
    return message
