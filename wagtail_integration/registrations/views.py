"""Public views: the registration form on a series page, and the cancel link of the mails.

The form answers at ``<series url>register/<occurrence id>/`` (one date) or
``<series url>register/`` (a course): routes of the series page that the events app hands to
:func:`serve` (``events.pages.RegistrationHooks``), so the form comes in the page's language
under the page's own address. It works without JavaScript, as every public form of the package.
"""

import uuid

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..events.models import Occurrence, RegistrationScope
from ..events.models import Registration as Kind
from ..events.occurrences import source_series
from ..submissions.intake import (
    accept,
    accepted_rate_limited,
    rate_limit_message,
    rate_limited,
    replayed,
)
from ..submissions.models import PrivacyNoticeVersion, Source, SubmissionSettings
from . import seats
from .forms import RegistrationForm
from .mail import date_in_words, reference_for_token, series_in_language
from .models import Registration, RegistrationStatus

__all__ = ["SeatInfo", "cancel", "seats_for_page", "serve"]


class SeatInfo:
    """What a series page shows beside a date (or for a course): seats left, and the link."""

    def __init__(self, label, url=""):
        self.label = label
        self.url = url


def privacy_notice(page):
    """The privacy notice of the site ``page`` is on (Settings → Forms and data protection)."""
    site = page.get_site()
    site_settings = SubmissionSettings.for_site(site) if site else None
    return site_settings.privacy_notice if site_settings else ""


def seats_label(left, waiting_list):
    """ "3 seats left", "Waiting list", "Fully booked" or "" (no limit), in the active language."""
    if left is None:
        return ""
    if left > 0:
        return ngettext("%(count)s seat left", "%(count)s seats left", left) % {"count": left}
    return _("Fully booked: waiting list") if waiting_list else _("Fully booked")


def _info(page, target, url, confirmed):
    try:
        seats.check_open(target)
    except seats.Refused as refused:
        if refused.code == "cancelled":
            return None
        return SeatInfo(str(refused.message))
    left = seats.seats_left(target, confirmed)
    if left == 0 and not target.series.registration_waiting_list:
        return SeatInfo(seats_label(left, False))
    return SeatInfo(seats_label(left, target.series.registration_waiting_list), url)


def seats_for_page(page, items, request):
    """The series page's seats: per date of ``items``, or for the whole course (one query)."""
    series = source_series(page)
    if series.registration != Kind.FORM or not series.live:
        return {}, None
    base = page.url
    with translation.override(page.locale.language_code):
        if series.registration_scope == RegistrationScope.SERIES:
            url = base + page.reverse_subpage("register_series")
            return {}, _info(page, seats.Target(series), url, None)
        counts = seats.confirmed_counts([item.occurrence.pk for item in items])
        per_date = {}
        for item in items:
            url = base + page.reverse_subpage("register", args=[item.occurrence.pk])
            occurrence_target = seats.Target(series, item.occurrence)
            info = _info(page, occurrence_target, url, counts.get(item.occurrence.pk, 0))
            if info is not None:
                per_date[item.occurrence.pk] = info
        return per_date, None


def _target(page, occurrence_id):
    """The target of the form at ``page``'s route, or Http404 for a date not of this series."""
    occurrence = None
    if occurrence_id is not None:
        occurrence = (
            Occurrence.objects.filter(pk=occurrence_id, series_key=page.translation_key)
            .select_related("series", "venue")
            .first()
        )
        if occurrence is None:
            raise Http404
    try:
        return seats.target_for(occurrence=occurrence, series=page)
    except seats.Refused:
        raise Http404 from None


def serve(page, request, occurrence_id=None):
    """The registration form for a date of ``page`` (or for the course): GET shows it, POST
    takes the registration and redirects to the answer (confirmed, or on the waiting list)."""
    language = page.locale.language_code
    with translation.override(language):
        target = _target(page, occurrence_id)
        if request.GET.get("registered") in RegistrationStatus.values:
            return _render(page, request, target, None, registered=request.GET["registered"])
        try:
            seats.check_open(target)
        except seats.Refused as refused:
            # Closed, not open yet or cancelled: said instead of a form that cannot be sent.
            return _render(page, request, target, None, closed=refused.message)
        notice = privacy_notice(page)
        version = PrivacyNoticeVersion.for_text(notice, language)
        status, rate_error, wait, problem = 200, None, 0, None
        form_kwargs = {"target": target, "privacy_notice_version": version}
        if request.method == "POST":
            form = RegistrationForm(request.POST, **form_kwargs)
            replay = replayed(form, request.POST.get(form.add_prefix(form.token_field)))
            wait = 0 if replay else rate_limited(request, target.series)
            if not wait and form.is_valid():
                wait = 0 if replay else accepted_rate_limited(request, target.series)
                if not wait:
                    answer = RegistrationStatus.CONFIRMED
                    if replay is not None:  # a double click: the first one's answer
                        answer = replay.status
                    elif not form.is_spam:
                        try:
                            entry = accept(form, page=page, source=Source.PAGE, language=language)
                            answer = entry.status
                        except seats.Refused as exc:
                            problem = exc
                    if problem is None:
                        return redirect(f"{request.path}?registered={answer}")
                    form.add_error(
                        "email" if problem.code == "duplicate" else None, problem.message
                    )
                    status = 409 if problem.code == "full" else 400
            if wait:
                rate_error = rate_limit_message(wait)
                status = 429
        else:
            form = RegistrationForm(**form_kwargs)
        response = _render(
            page,
            request,
            target,
            form,
            privacy_notice=notice,
            privacy_version=version,
            rate_error=rate_error,
            status=status,
        )
        add_never_cache_headers(response)
        if wait:
            response["Retry-After"] = str(wait)
        return response


def _render(page, request, target, form, *, status=200, **extra):
    context = page.get_context(request)
    context.update(form=form, target=target, action=request.path, **extra)
    if target is not None:
        start = target.starts_at
        context["date"] = date_in_words(start, target.series.zone, page.locale.language_code)
        context["seats_label"] = seats_label(
            seats.seats_left(target), target.series.registration_waiting_list
        )
        context["whole_series"] = target.occurrence is None
    return TemplateResponse(
        request, "integration_registrations/register.html", context, status=status
    )


def _registration(token):
    reference = reference_for_token(token)
    try:
        reference = uuid.UUID(str(reference))
    except ValueError:
        return None
    return (
        Registration.objects.filter(reference=reference, anonymised_at__isnull=True)
        .select_related("series", "occurrence")
        .first()
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """The cancel link of the mails: GET asks (mail scanners open every link and must cancel
    nothing), POST cancels; a seat that becomes free goes to the first on the waiting list.

    In the registrant's language. A forged or damaged link gets a page saying so (404); a link
    used a second time says the registration is already cancelled.
    """
    entry = _registration(token)
    if entry is None:
        response = render(request, "integration_registrations/cancel_invalid.html", status=404)
        # As the unsubscribe link does: keep LocaleMiddleware from redirecting this 404.
        request.urlconf = "wagtail_integration.urls"
        return response
    language = entry.language or settings.LANGUAGE_CODE
    with translation.override(language):
        page = series_in_language(entry.series, language)
        start = entry.occurrence.start if entry.occurrence_id else entry.starts_at
        context = {
            "registration": entry,
            "series": page,
            "date": date_in_words(start, entry.series.zone, language),
            "action": request.path,
            "past": entry.is_past,
        }
        if request.method == "POST" and not entry.is_past:
            context["done"] = seats.cancel(entry)
            context["already"] = not context["done"]
        elif entry.status == RegistrationStatus.CANCELLED:
            context["already"] = True
        response = render(request, "integration_registrations/cancel.html", context)
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    return response
