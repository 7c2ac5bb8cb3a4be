"""Public views of the volunteering app: the unsubscribe link of the Stammtisch invitations."""

import uuid

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .mail import interest_for_token
from .models import VolunteerInterest, VolunteerNote

__all__ = ["unsubscribe"]


def _interest(token):
    """The offer of help an unsubscribe token stands for, or None."""
    reference = interest_for_token(token)
    try:
        reference = uuid.UUID(str(reference))
    except ValueError:
        return None
    return VolunteerInterest.objects.filter(reference=reference, anonymised_at__isnull=True).first()


def _stop_invitations(interest):
    """Stop the invitations and note when on the offer of help; True when they were on."""
    with transaction.atomic():
        stopped = VolunteerInterest.objects.filter(pk=interest.pk, invitations=True).update(
            invitations=False
        )
        if stopped:
            # The coordinators' language: the note is for them, and it records the time.
            with translation.override(settings.LANGUAGE_CODE):
                text = gettext("Stopped the Stammtisch invitations with the link in an invitation.")
            VolunteerNote.objects.create(interest=interest, text=text)
    return bool(stopped)


# Mail programs send RFC 8058 one-click unsubscribes as a POST without cookies or a CSRF token,
# so the view cannot require one. Nothing is lost by that: the signed token in the address is
# the secret, and whoever has it can unsubscribe with a plain POST anyway. GET never changes
# anything, so link scanners that open every link in a mail unsubscribe no one.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Ask whether to stop the Stammtisch invitations (GET), and stop them (POST).

    The page is in the person's language. An address whose token is not valid, or whose person's
    data was deleted, gets a page saying so with status 404.
    """
    interest = _interest(token)
    if interest is None:
        response = render(request, "integration_volunteering/unsubscribe_invalid.html", status=404)
        # As the API does (api/urls.py): with language-prefixed pages and Wagtail's catch-all,
        # LocaleMiddleware would turn this 404 into a redirect to ``/<language>/<path>``, a
        # page-not-found page that no longer says what was wrong. The package's own URLconf
        # has no language prefixes, so naming it here keeps the page.
        request.urlconf = "wagtail_integration.urls"
        return response
    language = interest.language or settings.LANGUAGE_CODE
    with translation.override(language):
        if request.method == "POST":
            _stop_invitations(interest)
            response = render(request, "integration_volunteering/unsubscribe_done.html")
        else:
            response = render(
                request,
                "integration_volunteering/unsubscribe.html",
                {"subscribed": interest.invitations, "action": request.path},
            )
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    return response
