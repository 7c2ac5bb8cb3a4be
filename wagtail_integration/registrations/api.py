"""``GET occurrences/{id}`` and ``POST occurrences/{id}/registrations``: one date, its seats and
its registration form, for the city portal.

A registration through the API goes through the same Django form, spam defence, rate limit,
locked seat decision and outbox as the form on the series page.
"""

import uuid
from types import SimpleNamespace

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Path, Query, Router, Status
from ninja.decorators import decorate_view

from ..api.locale import LocaleFilter, attach_translations, raise_for_parameters, use_locale
from ..api.richtext import render_rich_text
from ..api.schemas import MAX_ID, error_responses
from ..events.api import occurrences_to_show, prepare_occurrences, visible_series
from ..events.models import Occurrence
from ..submissions.api import error, form_data, rate_limit_error, read_json
from ..submissions.describe import describe_field, describe_fieldsets, visible_field_names
from ..submissions.intake import accept, accepted_rate_limited, rate_limited, replayed
from ..submissions.models import PrivacyNoticeVersion, Source
from ..submissions.schemas import SubmissionQuery
from . import seats
from .forms import RegistrationForm
from .schemas import OccurrenceDetailOut, RegistrationReceivedOut
from .views import privacy_notice, seats_label

__all__ = ["router"]

router = Router(tags=["registrations"])

OccurrenceId = Path(..., ge=1, le=MAX_ID, description="Id of the date (`id` in `GET occurrences`).")


def _occurrence(request, id, locale):
    """The visible occurrence ``id``, prepared as ``GET occurrences`` shows it; 404 else."""
    content_locale = use_locale(request, locale)
    occurrence = get_object_or_404(
        occurrences_to_show(Occurrence.objects.filter(visible=True)), pk=id
    )
    prepare_occurrences([occurrence], request, content_locale, visible_series())
    attach_translations([occurrence], request)
    return occurrence, content_locale


def _target(occurrence):
    try:
        return seats.target_for(occurrence=occurrence)
    except seats.Refused:
        return None


def _form(target, version, data=None):
    return RegistrationForm(data, target=target, privacy_notice_version=version)


def _registration(request, occurrence, target):
    page = occurrence.page
    notice = privacy_notice(page)
    version = PrivacyNoticeVersion.for_text(notice, page.locale.language_code)
    form = _form(target, version)
    names = visible_field_names(form)
    left = seats.seats_left(target)
    try:
        seats.check_open(target)
        is_open, message = True, seats_label(left, target.series.registration_waiting_list)
        if left == 0 and not target.series.registration_waiting_list:
            is_open = False
    except seats.Refused as refused:
        is_open, message = False, str(refused.message)
    return SimpleNamespace(
        scope="series" if target.occurrence is None else "date",
        seats=target.series.registration_seats,
        seats_left=left,
        waiting_list=target.series.registration_waiting_list,
        open=is_open,
        message=message,
        submission_url=request.build_absolute_uri(
            reverse(
                "wagtail_integration_api:occurrence_registrations", kwargs={"id": occurrence.pk}
            )
        ),
        privacy_notice=render_rich_text([notice], request)[0],
        privacy_notice_version=version.short_id,
        token=form.fresh_token(),
        fields=[describe_field(form, name) for name in names],
        fieldsets=describe_fieldsets(form, names),
    )


@router.get(
    "occurrences/{id}",
    response={200: OccurrenceDetailOut, **error_responses(400, 404)},
    summary="One event date, with its seats and registration form",
    url_name="occurrence_detail",
)
@decorate_view(never_cache)  # the seats change with every registration; the token is for one
def occurrence_detail(request, id: int = OccurrenceId, filters: Query[LocaleFilter] = None):
    """One date as `GET occurrences` lists it. When its series takes registrations on this
    site, `registration` gives the seats left, whether registration is open and why not, and the
    form's fields (as `GET forms/{id}` does) with a `token` to send back."""
    occurrence, _content_locale = _occurrence(request, id, filters.locale if filters else None)
    target = _target(occurrence)
    occurrence.registration = _registration(request, occurrence, target) if target else None
    return occurrence


@router.post(
    "occurrences/{id}/registrations",
    response={201: RegistrationReceivedOut, **error_responses(400, 404, 409, 413, 415, 429)},
    summary="Register for an event date",
    url_name="occurrence_registrations",
)
def register(
    request, response: HttpResponse, id: int = OccurrenceId, query: Query[SubmissionQuery] = None
):
    """Register for the date `id` (or the course it belongs to), as the form on the series page
    does. The body is a JSON object of the form's fields (see `GET occurrences/{id}`) and
    `form_token`. 201 with `status` `confirmed` (a seat) or `waiting` (the waiting list); 400
    with messages per field, or with `detail` alone when registration is closed, not open yet,
    the date is cancelled or the address is already registered; 409 when every seat is taken
    and there is no waiting list; 404 for a date without registration on this site; 413, 415
    and 429 as for `POST forms/{id}/submissions`."""
    errors = {}
    source = (query.source if query else None) or Source.API
    content_locale = use_locale(request, query.locale if query else None, errors)
    if source not in (Source.API, Source.EMBED):
        errors["source"] = _("Use “api” or “embed”.")
    raise_for_parameters(errors)
    occurrence = get_object_or_404(
        Occurrence.objects.filter(visible=True).select_related("series"), pk=id
    )
    target = _target(occurrence)
    if target is None:
        return error(404, _("This event takes no registrations on this website."))
    page = target.series
    language = content_locale.language
    version = PrivacyNoticeVersion.for_text(privacy_notice(page), language)
    payload, problem = read_json(request)
    blank = _form(target, version)
    token = payload.get(blank.token_field) if isinstance(payload, dict) else None
    replay = replayed(blank, token)
    if not replay and (wait := rate_limited(request, page)):
        return rate_limit_error(response, wait)
    if problem:
        return problem
    data, field_errors = form_data(blank, payload)
    invalid = _("The request is not valid. The errors name each field to correct.")
    if field_errors:
        return error(400, invalid, field_errors)
    form = _form(target, version, data)
    if not form.is_valid():
        messages = {
            name: [item["message"] for item in items]
            for name, items in form.errors.get_json_data().items()
        }
        return error(400, invalid, messages)
    if not replay and (wait := accepted_rate_limited(request, page)):
        return rate_limit_error(response, wait)
    if replay is not None:  # a double send: answered with what the first one stored
        message = _confirmed() if replay.status == "confirmed" else _waiting()
        return Status(
            201, {"reference": replay.reference, "status": replay.status, "message": message}
        )
    if form.is_spam:
        return Status(
            201, {"reference": uuid.uuid4(), "status": "confirmed", "message": _confirmed()}
        )
    try:
        entry = accept(form, page=page, source=source, language=language)
    except seats.Refused as refused:
        if refused.code == "duplicate":
            return error(400, invalid, {"email": [str(refused.message)]})
        return error(409 if refused.code == "full" else 400, refused.message)
    message = _confirmed() if entry.status == "confirmed" else _waiting()
    return Status(201, {"reference": entry.reference, "status": entry.status, "message": message})


def _confirmed():
    return _(
        "You are registered. We have sent you a confirmation by e-mail, with the date as a "
        "calendar file and a link to cancel."
    )


def _waiting():
    return _(
        "All seats are taken. If a seat becomes free, it is yours: we tell you by e-mail at once."
    )
