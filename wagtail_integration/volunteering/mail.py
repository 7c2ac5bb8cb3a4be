"""The e-mails about offers of help: to the coordinators, to the person, and invitations."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..mail import render_mail
from ..submissions.outbox import notification_for

__all__ = ["Kind", "new_offer_notifications", "render", "unsubscribe_token"]

_UNSUBSCRIBE_SALT = "wagtail_integration.volunteering.unsubscribe"


class Kind:
    """The kinds of notification about an offer of help."""

    COORDINATOR = "volunteer.coordinator"
    CONFIRMATION = "volunteer.confirmation"
    INVITATION = "volunteer.invitation"


def new_offer_notifications(interest):
    """Unsaved outbox rows of a new offer: to the coordinators, and to the person."""
    rows = []
    if interest.page is not None:
        page = interest.page.specific
        rows = [
            notification_for(interest, Kind.COORDINATOR, address, settings.LANGUAGE_CODE)
            for address in page.get_coordinator_addresses()
        ]
    if interest.email:
        rows.append(
            notification_for(interest, Kind.CONFIRMATION, interest.email, interest.language)
        )
    return rows


def unsubscribe_token(interest):
    """The signed token of an invitation's unsubscribe link."""
    return signing.dumps(str(interest.reference), salt=_UNSUBSCRIBE_SALT)


def interest_for_token(token):
    """The reference an unsubscribe token stands for, or None."""
    try:
        return signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render(interest, notification):
    """The ``EmailMessage`` for ``notification`` (rendered in the notification's language)."""
    context = {"interest": interest, "notification": notification, **notification.context}
    if notification.kind == Kind.COORDINATOR:
        edit = interest.snippet_viewset.get_url_name("edit")
        context["admin_url"] = _absolute(reverse(edit, args=[interest.pk]))
        template = "coordinator"
    elif notification.kind == Kind.CONFIRMATION:
        template = "confirmation"
    elif notification.kind == Kind.INVITATION:
        token = unsubscribe_token(interest)
        context["unsubscribe_url"] = _absolute(
            reverse("wagtail_integration_volunteering:unsubscribe", args=[token])
        )
        template = "invitation"
    else:
        raise ValueError(f"Unknown notification kind {notification.kind!r}.")
    message = render_mail(
        f"integration_volunteering/email/{template}",
        context,
        to=[notification.recipient],
        language=notification.language,
    )
    if notification.kind == Kind.INVITATION:
        # RFC 2369 and RFC 8058: mail programs offer their own unsubscribe button, which POSTs
        # "List-Unsubscribe=One-Click" to the link (the view accepts that without a CSRF token).
        message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
