"""One error shape for the whole API: ``{"detail": "...", "errors": {"field": ["..."]}}``."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

__all__ = ["error_response", "install_error_handlers"]

# Where ninja places a parameter: the first item of an error's ``loc``.
_SOURCES = {"query", "path", "header", "cookie", "form", "file"}


def error_response(api, request, detail, status, errors=None):
    """Return the API's error document with ``status``."""
    return api.create_response(
        request, {"detail": str(detail), "errors": errors or {}}, status=status
    )


def field_errors(validation_errors):
    """Map ninja's list of pydantic errors to ``{"field": ["message", ...]}``."""
    errors = {}
    for error in validation_errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _SOURCES:
            loc = loc[1:]
        elif loc and loc[0] == "body":
            # ("body", "<parameter name>", "field", ...): the parameter name says nothing.
            loc = loc[2:] or loc[1:]
        field = ".".join(loc) or "__all__"
        errors.setdefault(field, []).append(error.get("msg", _("This value is not valid.")))
    return errors


def install_error_handlers(api):
    """Make ``api`` answer every 4xx in the documented error shape."""

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return error_response(
            api,
            request,
            _("The request is not valid. The errors name each field to correct."),
            400,
            field_errors(exc.errors),
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
