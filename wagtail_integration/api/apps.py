from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The headless JSON API that assembles the domains' routers."""

    name = "wagtail_integration.api"
    label = "integration_api"
    verbose_name = _("Integration API")
    default_auto_field = "django.db.models.BigAutoField"
    #: Where the core's URLconf includes the API.
    urls = ("api/integration/v1/", "wagtail_integration.api.urls")
