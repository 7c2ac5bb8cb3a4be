"""``GET forms``, ``GET forms/{id}`` and ``POST forms/{id}/submissions``: the public forms.

A form page plugs in by its class: a page model with ``form_kind`` (the name the API gives it)
and ``get_form(data=None)`` (a :class:`~.forms.SubmissionForm`) is a form here, as are
``get_privacy_notice()`` and ``get_privacy_notice_version()`` and, when it has them, the rich
text fields ``intro`` and ``thank_you``. A submission goes through the same Django form, spam
defence, rate limit and outbox as the page's HTML form; nothing reads submissions back.

``{id}`` is the page id of a language version; without ``locale`` the form is answered and
submitted in that version's language, with ``locale`` in that language (the German source when
the form has no translation into it).
"""

import json
import uuid
from types import SimpleNamespace

from django import forms
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from wagtail.models import Page, get_page_models

from ..api.locale import (
    LocaleFilter,
    PageInput,
    paginate,
    raise_for_parameters,
    use_locale,
)
from ..api.richtext import render_rich_text
from ..api.schemas import ObjectId, error_responses
from ..conf import get_setting
from ..localization import localize, localized
from .describe import (
    describe_field,
    describe_fieldsets,
    field_choices,
    field_type,
    visible_field_names,
)
from .intake import accept, accepted_rate_limited, is_replay, rate_limit_message, rate_limited
from .models import Source
from .schemas import (
    FormDetailOut,
    FormList,
    SubmissionOut,
    SubmissionQuery,
)

__all__ = [
    "api_form_errors",
    "describe_field",
    "error",
    "form_data",
    "form_page_models",
    "live_forms",
    "rate_limit_error",
    "read_json",
    "router",
]

router = Router(tags=["forms"])

# Finding forms


def form_page_models():
    """The page models that are public forms: they name a ``form_kind`` and have ``get_form``."""
    return [
        model
        for model in get_page_models()
        if getattr(model, "form_kind", None) and callable(getattr(model, "get_form", None))
    ]


def live_forms():
    """The form pages the API may show: live and public, any language (generic pages)."""
    models = form_page_models()
    if not models:
        return Page.objects.none()
    return Page.objects.live().public().type(*models)


def _find_form(request, id, locale):
    """The live form page ``id`` as its specific class, in ``locale`` when given; 404 else.

    Activates the language of the answer: ``locale``, else the language of the page ``id``.
    """
    content_locale = use_locale(request, locale) if locale else None
    pages = live_forms()
    page = get_object_or_404(pages, pk=id)
    if content_locale is None:
        content_locale = use_locale(request, page.locale.language_code)
    else:
        page = localize(page, content_locale, pages)
    return page.specific, content_locale


def _submission_url(request, page, content_locale):
    path = reverse("wagtail_integration_api:form_submissions", kwargs={"id": page.pk})
    return request.build_absolute_uri(f"{path}?{urlencode({'locale': content_locale.language})}")


def _summary(request, page, content_locale):
    return {
        # What ``translations`` names the versions of (TranslatedSchema); not in the answer.
        "page": page,
        "id": page.pk,
        "kind": page.specific_class.form_kind,
        "title": page.title,
        "locale": page.locale,
        "url": page.get_full_url(request),
        "submission_url": _submission_url(request, page, content_locale),
    }


# Taking a submission


def _api_form(page, data=None):
    """``page``'s form; choice errors name the choices instead of repeating what was sent."""
    form = page.get_form(data)
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField):
            values = ", ".join(value for value, _label in field_choices(field))
            message = _("Choose one of: %(choices)s.") % {"choices": values}
            field.error_messages = {
                **field.error_messages,
                "invalid_choice": message.replace("%", "%%"),
            }
    return form


def _error(status, detail, errors=None):
    return Status(status, {"detail": str(detail), "errors": errors or {}})


def _rate_limit_error(response, wait):
    """The 429 for a sender who must wait ``wait`` seconds."""
    response["Retry-After"] = str(wait)  # ninja sends the headers of ``response``
    return _error(429, rate_limit_message(wait))


def _read_json(request):
    """The request's JSON object, or the error :class:`Status` to answer instead."""
    if request.content_type != "application/json":
        return None, _error(
            415, _("Send the form as JSON, with the header “Content-Type: application/json”.")
        )
    limit = get_setting("SUBMISSION_MAX_BODY_KB") * 1024
    too_large = _error(
        413,
        _("The request is too large: at most %(size)s KB are accepted.")
        % {"size": get_setting("SUBMISSION_MAX_BODY_KB")},
    )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None, too_large
    try:
        body = request.body
    except RequestDataTooBig:  # beyond Django's DATA_UPLOAD_MAX_MEMORY_SIZE
        return None, too_large
    if len(body) > limit:
        return None, too_large
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None, _error(400, _("The body is not valid JSON."))
    if not isinstance(payload, dict):
        return None, _error(400, _("The body must be a JSON object of field names and values."))
    return payload, None


def _form_data(form, payload):
    """Turn the JSON ``payload`` into the data the Django ``form`` expects, or field errors."""
    data, errors = {}, {}
    for name, value in payload.items():
        field = form.fields.get(name)
        if field is None:
            errors[name] = [_("This form has no such field. Leave it out.")]
            continue
        if value is None:  # as if left out
            continue
        kind = field_type(field)
        if kind == "checkbox":
            if not isinstance(value, bool):
                errors[name] = [_("Send true or false.")]
                continue
        elif kind == "checkboxes":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[name] = [_('Send a list of values, such as ["a", "b"].')]
                continue
        elif kind == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        elif not isinstance(value, str):
            errors[name] = [_("Send this value as text.")]
            continue
        data[name] = value
    if not errors and not data.get(form.token_field):
        errors[form.token_field] = [
            _("Send the token of the form, as “GET forms/{id}” gives it (“token”).")
        ]
    return data, errors


def _thank_you(request, page):
    html = render_rich_text([getattr(page, "thank_you", "")], request)[0]
    if html.strip():
        return html
    message = _("Thank you! Your form has reached us.")
    return f"<p>{escape(message)}</p>"


# Endpoints


@router.get("forms", response={200: FormList, **error_responses(400)}, summary="Public forms")
def form_list(request, filters: Query[LocaleFilter], pagination: Query[PageInput]):
    """The live, public forms, one version of each in the requested language, by title.

    A form without a translation into the requested language comes as its German source
    (`"fallback": true`); its `submission_url` still asks for answers in the requested language.
    """
    content_locale = use_locale(request, filters.locale)
    result = paginate(
        request, localized(live_forms(), content_locale).order_by("title", "pk"), pagination
    )
    result["items"] = [
        SimpleNamespace(**_summary(request, page, content_locale)) for page in result["items"]
    ]
    return result


@router.get(
    "forms/{id}",
    response={200: FormDetailOut, **error_responses(400, 404)},
    summary="One form with its fields",
)
@decorate_view(never_cache)  # its token is good for one submission: no cache may share it
def form_detail(request, id: ObjectId, filters: Query[LocaleFilter]):
    """A form's fields with their labels, help texts and choices in the requested language.

    `id` is the page id of any language version of the form. Without `locale`, the form comes in
    the language of that version; with it, in the requested language (the page's own text from
    its German source when it has no translation, marked `fallback`). 404 when no live, public
    form has the id. Send `token` back as `form_token`; leave out the hidden honeypot field.
    """
    page, content_locale = _find_form(request, id, filters.locale)
    form = _api_form(page)
    names = visible_field_names(form)
    intro, notice = render_rich_text(
        [getattr(page, "intro", ""), page.get_privacy_notice()], request
    )
    return SimpleNamespace(
        **_summary(request, page, content_locale),
        intro=intro,
        privacy_notice=notice,
        privacy_notice_version=page.get_privacy_notice_version().short_id,
        token=form.fresh_token(),
        fields=[describe_field(form, name) for name in names],
        fieldsets=describe_fieldsets(form, names),
    )


_SUBMISSION_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "description": (
                    "The form's fields by name (see `GET forms/{id}`): text as strings, "
                    "`checkbox` fields as true or false, `checkboxes` as lists of strings; "
                    "plus `form_token`."
                ),
                "properties": {"form_token": {"type": "string"}},
                "required": ["form_token"],
                "additionalProperties": {
                    "anyOf": [
                        {"type": "string"},
                        {"type": "boolean"},
                        {"type": "array", "items": {"type": "string"}},
                        {"type": "null"},
                    ]
                },
            },
            "example": {
                "name": "Erika Beispiel",
                "email": "erika@example.org",
                "contact_channel": "email",
                "language_ar": "fluent",
                "interests": ["sprache"],
                "availability": ["evenings"],
                "consent": True,
                "form_token": "eyJmIjoiNTEiLCJ0IjoxNzk…",
            },
        }
    },
}


@router.post(
    "forms/{id}/submissions",
    response={201: SubmissionOut, **error_responses(400, 404, 413, 415, 429)},
    summary="Send a form",
    url_name="form_submissions",
    openapi_extra={"requestBody": _SUBMISSION_BODY},
)
def submit_form(request, response: HttpResponse, id: ObjectId, query: Query[SubmissionQuery]):
    """Validate and store a submission, exactly as the form on the page does.

    The body is a JSON object of the form's field names and `form_token`. Answers 201 with the
    submission's reference; 400 with messages per field (unknown fields are named, too) in the
    requested language; 413 for a body larger than `SUBMISSION_MAX_BODY_KB`; 415 for a body
    that is not `application/json`; 429 when this form had too many attempts or accepted
    submissions from one address (`SUBMISSION_ATTEMPT_RATE_LIMIT`, `SUBMISSION_RATE_LIMIT`),
    with `Retry-After` (seconds) and, in the message, until when sending is blocked. There is
    no endpoint that reads a submission back.
    """
    source, errors = query.source or Source.API, {}
    use_locale(request, query.locale, errors)  # each parameter's message in its language
    if source not in (Source.API, Source.EMBED):
        errors["source"] = _("Use “api” or “embed”.")
    raise_for_parameters(errors)
    page, content_locale = _find_form(request, id, query.locale)
    payload, problem = _read_json(request)
    blank = _api_form(page)
    token = payload.get(blank.token_field) if isinstance(payload, dict) else None
    # A token sent again is answered with its first submission and counted by no limit.
    replay = is_replay(blank, token)
    if not replay and (wait := rate_limited(request, page)):
        return _rate_limit_error(response, wait)
    if problem:
        return problem
    data, errors = _form_data(blank, payload)
    invalid = _("The request is not valid. The errors name each field to correct.")
    if errors:
        return _error(400, invalid, errors)
    form = _api_form(page, data)
    if not form.is_valid():
        messages = {
            name: [error["message"] for error in field_errors]
            for name, field_errors in form.errors.get_json_data().items()
        }
        return _error(400, invalid, messages)
    if not replay and (wait := accepted_rate_limited(request, page)):
        return _rate_limit_error(response, wait)
    if form.is_spam:
        # Answered like any other, so that a script learns nothing; nothing is stored.
        reference = uuid.uuid4()
    else:
        submission = accept(form, page=page, source=source, language=content_locale.language)
        reference = submission.reference
    return Status(201, {"reference": reference, "message": _thank_you(request, page)})


# What the routers of other domains that take a form share (registrations: POST
# occurrences/{id}/registrations): the same body, the same errors.
read_json = _read_json
form_data = _form_data
api_form_errors = _api_form
error = _error
rate_limit_error = _rate_limit_error
