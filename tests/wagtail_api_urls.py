"""A URLconf enabling Wagtail's own API (v2) as a host site may, to test the pages' api_fields."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from example_site.urls import urlpatterns as site_urlpatterns

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [path("api/v2/", wagtail_api.urls), *site_urlpatterns]
