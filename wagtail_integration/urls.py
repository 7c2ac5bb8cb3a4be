"""The package's URL entry point.

Include it in the host site's URLconf before Wagtail's own catch-all:
``path("", include("wagtail_integration.urls"))``.

The installed apps of the package that answer at URLs of their own say where with a ``urls``
attribute on their ``AppConfig``, ``(prefix, URLconf module)``: the API and the volunteers'
unsubscribe links today.
"""

from django.apps import apps
from django.urls import include, path


def _app_urls():
    for config in apps.get_app_configs():
        if config.name.startswith(f"{__package__}.") and getattr(config, "urls", None):
            prefix, module = config.urls
            yield path(prefix, include(module))


urlpatterns = list(_app_urls())
