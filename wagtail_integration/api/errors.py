"""One error shape for the whole API: ``{"detail": "...", "errors": {"field": ["..."]}}``."""

import logging

from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.log import log_response
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .locale import PARAMETER_ERROR, locale_error, use_locale

__all__ = ["error_response", "install_error_handlers", "method_not_allowed"]

# Where ninja places a parameter: the first item of an error's ``loc``.
_SOURCES = {"query", "path", "header", "cookie", "form", "file"}


def _use_requested_locale(request):
    """Answer in the ``locale`` parameter's language if it names one and no view chose yet.

    A view calls :func:`~.locale.use_locale` first thing; an error raised before that (a query
    parameter that is not valid, a method the path does not allow) would else be answered in
    the language of ``Accept-Language`` alone. An unknown ``locale`` changes nothing here: when
    it is the error, its own 400 says so.
    """
    value = request.GET.get("locale")
    if value and getattr(request, "content_locale", None) is None:
        try:
            use_locale(request, value)
        except ValidationError:
            pass


def error_response(api, request, detail, status, errors=None):
    """Return the API's error document with ``status``, in the language of the request.

    ``detail`` and the messages in ``errors`` may be lazy (``gettext_lazy``): they are rendered
    once the request's language is chosen.
    """
    _use_requested_locale(request)
    return api.create_response(
        request, {"detail": str(detail), "errors": errors or {}}, status=status
    )


def method_not_allowed(api, request, allowed):
    """The 405 for ``request``, whose method is not among ``allowed``; they go in ``Allow``."""
    _use_requested_locale(request)  # before the message is translated
    response = error_response(
        api,
        request,
        gettext("The method %(method)s is not allowed for this address. Allowed: %(allowed)s.")
        % {"method": request.method, "allowed": ", ".join(allowed)},
        405,
    )
    response["Allow"] = ", ".join(allowed)
    return response


# The API's own words for pydantic's error types (pydantic's messages are English only); a type
# not named here is "This value is not valid.". Placeholders are the names in the error's ctx.
_WHOLE_NUMBER = _("Give a whole number, such as 10.")
_MESSAGES = {
    "missing": _("This parameter is required."),
    "int_parsing": _WHOLE_NUMBER,
    "int_type": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "int_parsing_size": _WHOLE_NUMBER,
    "greater_than_equal": _("Give a number of at least %(ge)s."),
    "greater_than": _("Give a number greater than %(gt)s."),
    "less_than_equal": _("Give a number of at most %(le)s."),
    "less_than": _("Give a number less than %(lt)s."),
    "string_too_long": _("Give at most %(max_length)s characters."),
    "string_too_short": _("Give at least %(min_length)s characters."),
    "string_type": _("Give this value as text."),
    "bool_parsing": _("Give true or false."),
    "bool_type": _("Give true or false."),
    "literal_error": _("Use one of: %(expected)s."),
    "enum": _("Use one of: %(expected)s."),
}


def error_message(error):
    """The message for one of pydantic's ``error`` dicts, in the active language."""
    if error.get("type") == PARAMETER_ERROR:  # already the API's own, translated
        return str(error.get("msg", ""))
    message = _MESSAGES.get(error.get("type"))
    if message is None:
        return gettext("This value is not valid.")
    try:
        return str(message) % {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return gettext("This value is not valid.")


def _location(error):
    """(source, field) of a pydantic ``error``: ``("query", "limit")``, ``("body", "email")``."""
    loc = [str(part) for part in error.get("loc", ())]
    source = loc[0] if loc else ""
    if source in _SOURCES:
        loc = loc[1:]
    elif source == "body":
        # ("body", "<parameter name>", "field", ...): the parameter name says nothing.
        loc = loc[2:] or loc[1:]
    return source, ".".join(loc) or "__all__"


def field_errors(validation_errors):
    """Map ninja's list of pydantic errors to ``{"field": ["message", ...]}``, translated."""
    errors = {}
    for error in validation_errors:
        _source, field = _location(error)
        errors.setdefault(field, []).append(error_message(error))
    return errors


def install_error_handlers(api):
    """Make ``api`` answer every error, 4xx and 500, in the documented error shape."""

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        """400 naming every faulty parameter; 404 when the path names nothing that can exist.

        ninja checks all parameters before the view runs, which checks ``locale`` and the
        values that need the database: an unknown ``locale`` is named here too, so that the
        answer names every parameter at fault at once.
        """
        if any(_location(error)[0] == "path" for error in exc.errors):
            # An id that is no whole number from 1 to MAX_ID names no object.
            return error_response(api, request, _("Not found."), 404)
        _use_requested_locale(request)  # the messages below are made in its language
        errors = field_errors(exc.errors)
        if "locale" not in errors and (message := locale_error(request.GET.get("locale"))):
            errors["locale"] = [message]
        return error_response(
            api,
            request,
            _("The request is not valid. The errors name each field to correct."),
            400,
            errors,
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication_error(request, exc):
        return error_response(api, request, _("Authentication is required."), 401)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return error_response(api, request, exc.message, exc.status_code)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(api, request, _("Not found."), 404)

    # Django answers these with 403 and 400 rather than 500, and logs them as client errors;
    # the API does the same in its own shape.

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        response = error_response(api, request, _("You are not allowed to do this."), 403)
        log_response(
            "Forbidden (Permission denied): %s",
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
        return response

    def on_bad_request(request, exc):
        response = error_response(
            api, request, _("The request could not be read. Check it and send it again."), 400
        )
        if isinstance(exc, SuspiciousOperation):
            logger = logging.getLogger(f"django.security.{type(exc).__name__}")
            log_response(
                str(exc),
                response=response,
                request=request,
                logger=logger,
                level="error",
                exception=exc,
            )
        else:
            log_response(
                "Bad request: %s", request.path, response=response, request=request, exception=exc
            )
        return response

    for exc_class in (BadRequest, SuspiciousOperation, MultiPartParserError):
        api.add_exception_handler(exc_class, on_bad_request)

    @api.exception_handler(Exception)
    def on_server_error(request, exc):
        """Answer a bug with a generic 500 and report it as Django reports an uncaught one.

        Neither the exception nor its traceback reach the client, whatever ``DEBUG`` says: they
        go to the ``django.request`` log (where ``ADMINS`` e-mail and the console read them)
        and to ``got_request_exception``, which error trackers and Django's test client hear.
        """
        signals.got_request_exception.send(sender=None, request=request)
        response = error_response(
            api, request, _("Something went wrong on the server. Please try again later."), 500
        )
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exc,
        )
        return response
