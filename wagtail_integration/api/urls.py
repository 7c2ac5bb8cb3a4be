"""The headless API at ``/api/integration/v1/``: one NinjaAPI that mounts each domain's router.

A domain contributes ``router`` in its ``api.py`` and names it with ``api_router`` on its
``AppConfig`` (see :func:`domain_routers`); the API names no domain.
"""

import functools
from contextlib import contextmanager

from asgiref.sync import iscoroutinefunction
from django.apps import apps
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, path, re_path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from .. import __version__
from ..conf import get_setting
from .errors import error_response, install_error_handlers, method_not_allowed
from .health import router as health_router
from .openapi import finish_document

__all__ = ["IntegrationAPI", "api", "build_api", "domain_routers"]

#: The package's own URLconf, which has no language prefixes (see IntegrationAPI).
UNPREFIXED_URLCONF = "wagtail_integration.urls"


def domain_routers():
    """The dotted paths of the installed domains' ninja Routers, in ``INSTALLED_APPS`` order.

    A domain app names its router with an ``api_router`` attribute on its ``AppConfig``.
    """
    return [
        config.api_router
        for config in apps.get_app_configs()
        if getattr(config, "api_router", None) and config.name.startswith("wagtail_integration.")
    ]


def _exempt_from_language_redirect(request):
    """Keep Django's LocaleMiddleware from turning an API 404 into a redirect.

    With ``i18n_patterns(prefix_default_language=True)`` and Wagtail's catch-all, LocaleMiddleware
    answers any 404 outside a language prefix with a redirect to ``/de/<path>``, an HTML page.
    It asks ``request.urlconf`` whether language prefixes are in use; the package's own URLconf
    has none, so the API's JSON errors reach the client as they are.
    """
    request.urlconf = UNPREFIXED_URLCONF


class IntegrationAPI(NinjaAPI):
    """The package's NinjaAPI: answers every response, errors included, as the API's JSON.

    Each of ninja's views is wrapped (see :meth:`answer_methods`) so that a method the path
    does not serve, or an exception that escapes the operation (from a ``decorate_view``
    decorator), reaches the API's error handlers rather than Django's text and HTML answers.
    """

    def get_openapi_schema(self, *args, **kwargs):
        """ninja's OpenAPI document, completed by :func:`~.openapi.finish_document`."""
        return finish_document(super().get_openapi_schema(*args, **kwargs))

    def create_response(self, request, data, **kwargs):
        _exempt_from_language_redirect(request)
        return super().create_response(request, data, **kwargs)

    @property
    def urls(self):
        """ninja's URL patterns, each view wrapped by :meth:`answer_methods`."""
        patterns, app_name, namespace = super().urls
        wrapped = [
            URLPattern(p.pattern, self.answer_methods(p.callback), p.default_args, p.name)
            for p in patterns
        ]
        return wrapped, app_name, namespace

    def answer_methods(self, view):
        """Wrap one of ninja's views: HEAD as GET, OPTIONS, a JSON 405, escaped exceptions.

        ninja finds the operation by the exact method, so it refuses HEAD where it serves GET,
        and answers a method it does not serve with a plain-text 405. An exception raised
        outside ninja's own handling would reach Django's HTML 500 page.
        """
        if iscoroutinefunction(view):

            @functools.wraps(view)
            async def async_wrapper(request, *args, **kwargs):
                try:
                    response = await view(request, *args, **kwargs)
                    if _head_of_get(request, response):
                        with _method(request, "GET"):
                            response = await view(request, *args, **kwargs)
                except Exception as exc:
                    return self.on_exception(request, exc)
                return _cache_headers(request, self._answer_refused(request, response))

            return async_wrapper

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
                if _head_of_get(request, response):
                    with _method(request, "GET"):
                        response = view(request, *args, **kwargs)
            except Exception as exc:
                return self.on_exception(request, exc)
            return _cache_headers(request, self._answer_refused(request, response))

        return wrapper

    def _answer_refused(self, request, response):
        """``response``, unless it is ninja's 405: then the answer to OPTIONS, or the API's 405."""
        refused = _refused(response)
        if refused is None:
            return response
        allowed = sorted(refused | {"OPTIONS"} | ({"HEAD"} if "GET" in refused else set()))
        if request.method == "OPTIONS":
            # As Django's class-based views answer it. django-cors-headers answers a CORS
            # preflight before it gets here.
            return HttpResponse(headers={"Allow": ", ".join(allowed), "Content-Length": "0"})
        return method_not_allowed(self, request, allowed)


def _cache_headers(request, response):
    """``Cache-Control`` and ``Vary`` for a cache or CDN between the API and the portal.

    A successful ``GET`` (or ``HEAD``, or ``304``) may be kept by any cache for
    ``API_CACHE_SECONDS``; it varies with ``Accept-Language``, which chooses the language when
    ``locale`` is not given. Anything else (an error, a submission) is kept by none. An
    operation that set ``Cache-Control`` itself (``health``, a form with its one-time token)
    keeps its own.
    """
    if not response.has_header("Cache-Control"):
        seconds = get_setting("API_CACHE_SECONDS")
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304) and seconds:
            patch_cache_control(response, public=True, max_age=seconds)
        else:
            patch_cache_control(response, no_store=True)
    if request.method in ("GET", "HEAD"):
        patch_vary_headers(response, ("Accept-Language",))
    return response


def _refused(response):
    """The methods named by a 405 ``response`` (ninja's), or None for any other response."""
    if not isinstance(response, HttpResponseNotAllowed):
        return None
    return {method.strip() for method in response["Allow"].split(",") if method.strip()}


def _head_of_get(request, response):
    """Whether ninja refused a HEAD where it serves GET: then the GET answer is sent, bodiless."""
    return request.method == "HEAD" and "GET" in (_refused(response) or ())


@contextmanager
def _method(request, method):
    """Let ``request`` go through the view as ``method``; middleware sees its own method after."""
    original, request.method = request.method, method
    try:
        yield
    finally:
        request.method = original


def build_api():
    """Assemble the API from the health router and the installed domains' routers."""
    api = IntegrationAPI(
        title="wagtail-integration API",
        version=f"v1 ({__version__})",
        description=(
            "Live, public content of the city's integration pages: topic guides, events, "
            'organisations, honours and forms. Lists answer `{"count": N, "items": [...]}` '
            "and page with `limit` and `offset`; errors answer "
            '`{"detail": "...", "errors": {"field": ["..."]}}`.'
        ),
        urls_namespace="wagtail_integration_api",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(api)
    api.add_router("", health_router)
    for dotted in domain_routers():
        api.add_router("", import_string(dotted))
    return api


def not_found(request, rest=""):
    """Answer unknown API paths in the API's error shape rather than with an HTML page."""
    return error_response(api, request, _("Not found."), 404)


api = build_api()

urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
