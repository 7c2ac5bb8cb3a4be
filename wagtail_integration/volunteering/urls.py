"""Public URLs of volunteering: the unsubscribe link of the Stammtisch invitations.

Included by ``wagtail_integration.urls`` at ``integration/volunteering/``.
"""

from django.urls import path

from .views import unsubscribe

app_name = "wagtail_integration_volunteering"

urlpatterns = [
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
