"""Public URLs of the embeds: the iframe versions of the widgets.

Included by ``wagtail_integration.urls`` at ``integration/`` (``EmbedConfig.urls``).
"""

from django.urls import path

from .views import embed

app_name = "wagtail_integration_embed"

urlpatterns = [
    path("embed/<str:widget>/", embed, name="widget"),
]
