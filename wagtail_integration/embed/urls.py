"""Public URLs of the embeds: the web components' script and the iframe versions of the widgets.

Included by ``wagtail_integration.urls`` at ``integration/`` (``EmbedConfig.urls``).
"""

from django.urls import path

from .views import embed, script

app_name = "wagtail_integration_embed"

urlpatterns = [
    path("embed.js", script, name="script"),
    path("embed/<str:widget>/", embed, name="widget"),
]
