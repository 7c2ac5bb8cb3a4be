"""The package's URL entry point.

Include it in the host site's URLconf before Wagtail's own catch-all:
``path("", include("wagtail_integration.urls"))``.
"""

from django.urls import include, path

urlpatterns = [
    path("api/integration/v1/", include("wagtail_integration.api.urls")),
    path("integration/volunteering/", include("wagtail_integration.volunteering.urls")),
]
