"""The headless API at ``/api/integration/v1/``: one NinjaAPI that mounts each domain's router.

A domain contributes ``router`` in its ``api.py`` and a line in :data:`DOMAIN_ROUTERS`; it is
mounted only while the domain's app is installed.
"""

from django.apps import apps
from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from .. import __version__
from .errors import install_error_handlers
from .health import router as health_router

__all__ = ["DOMAIN_ROUTERS", "IntegrationAPI", "api", "build_api"]

#: The package's own URLconf, which has no language prefixes (see IntegrationAPI).
UNPREFIXED_URLCONF = "wagtail_integration.urls"

#: (app module, dotted path of the domain's ninja Router). Domain issues add their lines.
DOMAIN_ROUTERS = [
    ("wagtail_integration.directory", "wagtail_integration.directory.api.router"),
    ("wagtail_integration.topics", "wagtail_integration.topics.api.router"),
    ("wagtail_integration.events", "wagtail_integration.events.api.router"),
    ("wagtail_integration.submissions", "wagtail_integration.submissions.api.router"),
    ("wagtail_integration.honours", "wagtail_integration.honours.api.router"),
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
    """The package's NinjaAPI: answers every response, errors included, as the API's JSON."""

    def create_response(self, request, data, **kwargs):
        _exempt_from_language_redirect(request)
        return super().create_response(request, data, **kwargs)


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
    for app_module, dotted in DOMAIN_ROUTERS:
        if apps.is_installed(app_module):
            api.add_router("", import_string(dotted))
    return api


def not_found(request, rest=""):
    """Answer unknown API paths in the API's error shape rather than with an HTML page."""
    _exempt_from_language_redirect(request)
    return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)


api = build_api()

urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", not_found)]
