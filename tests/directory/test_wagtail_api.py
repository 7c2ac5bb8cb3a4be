"""The directory page's ``api_fields`` in Wagtail's own API (v2), for host sites that enable it."""

import pytest

from tests import factories
from wagtail_integration.directory.models import OrganisationDirectoryPage

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.wagtail_api_urls")]


def test_the_directory_page_exposes_its_introduction_in_wagtails_api(client):
    page = OrganisationDirectoryPage(title="Adressen", slug="adressen", intro="<p>Wer hilft</p>")
    factories.site_root().add_child(instance=page)

    response = client.get(f"/api/v2/pages/{page.pk}/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["intro"] == "<p>Wer hilft</p>"
