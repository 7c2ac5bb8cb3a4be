"""Public URLs of registrations: the cancel link of the mails.

Included by ``wagtail_integration.urls`` at ``integration/registrations/``. The form itself
answers under each series page (``<series url>register/…``).
"""

from django.urls import path

from .views import cancel

app_name = "wagtail_integration_registrations"

urlpatterns = [
    path("cancel/<str:token>/", cancel, name="cancel"),
]
