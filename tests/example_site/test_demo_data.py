"""example_site/home/management/commands/load_demo_data.py and the pages it makes."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from wagtail.models import Locale, Page, Site

from example_site.home.models import HomePage

pytestmark = pytest.mark.django_db

DEMO_MODELS = [
    "wagtailcore.locale",
    "wagtailcore.page",
    "wagtailcore.site",
    "wagtailimages",
    "home",
]


def dump():
    out = StringIO()
    call_command("dumpdata", *DEMO_MODELS, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=StringIO())


def test_loading_the_demo_data_twice_changes_nothing(demo):
    first = dump()
    output = StringIO()
    call_command("load_demo_data", stdout=output)
    assert dump() == first
    assert "0 media file(s) copied" in output.getvalue()


def test_the_demo_makes_a_german_home_page_the_root_of_the_default_site(demo):
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "de"
    assert home.live
    # Wagtail's placeholder page of a new database is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()


def test_the_demo_creates_every_configured_locale(demo):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes == {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}


def test_demo_media_is_copied_through_default_storage(demo):
    home = HomePage.objects.get()
    assert default_storage.exists(home.hero_image.file.name)
    with default_storage.open(home.hero_image.file.name) as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_home_page_is_served_in_german_with_lang_and_dir(demo, client):
    response = client.get("/de/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in html
    assert "Integration in Koblenz" in html
    assert "Zum Inhalt springen" in html  # the interface string, from the catalog


def test_a_right_to_left_visitor_gets_rtl_interface_and_german_content_marked_as_such(demo, client):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    # No Arabic translation exists yet: the German source is shown, and marked as German.
    assert re.search(r'<main id="main" lang="de" dir="ltr">', html)


def test_the_root_redirects_to_the_german_pages(demo, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/de/"
