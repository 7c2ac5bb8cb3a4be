"""The headless API at ``/api/integration/v1/``: one NinjaAPI that mounts each domain's router.

A domain contributes ``router`` in its ``api.py`` and a line in :data:`DOMAIN_ROUTERS`; it is
mounted only while the domain's app is installed.
"""

from django.apps import apps
from django.urls import path
from django.utils.module_loading import import_string
from ninja import NinjaAPI

from .. import __version__
from .errors import install_error_handlers
from .health import router as health_router

__all__ = ["DOMAIN_ROUTERS", "api", "build_api"]

#: (app module, dotted path of the domain's ninja Router). Domain issues add their lines.
DOMAIN_ROUTERS = []


def build_api():
    """Assemble the API from the health router and the installed domains' routers."""
    api = NinjaAPI(
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


api = build_api()

urlpatterns = [path("", api.urls)]
