"""The package's public templates inside a host site's own, minimal ``base.html``.

A host site's base template has a ``content`` block and little else: no ``page`` helpers, no
menu, no blocks the example site defines. Every public page type must still render its content.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.html import escape
from wagtail.models import Page

HOST_BASE = """<!DOCTYPE html>
<html lang="de"><head><title>{% block title %}{% endblock %} – Host-Stadt</title></head>
<body><div id="host-frame">{% block content %}{% endblock %}</div><p>Host-Fußzeile</p></body>
</html>
"""

#: (page type, extra path or query, markup of the package's template there)
PAGES = [
    ("integration_topics.topicindexpage", "", 'class="wi-guide-index"'),
    ("integration_topics.topicguidepage", "", 'class="wi-guide__title"'),
    ("integration_directory.organisationdirectorypage", "", 'class="wi-card__name"'),
    ("integration_events.eventindexpage", "", 'class="wi-events"'),
    ("integration_events.eventindexpage", "?month=2026-12", 'class="wi-events"'),
    ("integration_events.eventseriespage", "", 'class="wi-event-series"'),
    ("integration_volunteering.volunteerformpage", "", 'class="wi-form-page'),
    ("integration_volunteering.volunteerformpage", "thanks/", 'class="wi-form-page'),
    ("integration_honours.honourindexpage", "", 'class="wi-honours"'),
    ("integration_honours.honourindexpage", "?view=gallery", 'class="wi-honours"'),
    ("integration_honours.honourrecipientpage", "", 'class="wi-honour"'),
    ("integration_honours.nominationformpage", "", 'class="wi-form-page'),
    ("integration_honours.nominationformpage", "thanks/", 'class="wi-form-page'),
]


@pytest.fixture
def host_templates(tmp_path):
    """The example site's template settings with a host's ``base.html`` found first."""
    (tmp_path / "base.html").write_text(HOST_BASE, encoding="utf-8")
    templates = [dict(settings.TEMPLATES[0], DIRS=[tmp_path])]
    with override_settings(TEMPLATES=templates):
        yield


def first_page(model, language_code):
    app_label, model_name = model.split(".")
    return (
        Page.objects.live()
        .filter(
            content_type__app_label=app_label,
            content_type__model=model_name,
            locale__language_code=language_code,
        )
        .order_by("path")
        .first()
    )


@pytest.mark.parametrize("language_code", ["de", "ar"])
@pytest.mark.parametrize(("model", "suffix", "marker"), PAGES, ids=[f"{m}{s}" for m, s, _ in PAGES])
@pytest.mark.django_db
def test_each_public_page_type_renders_its_content_inside_a_host_base_template(
    demo_data, host_templates, client, model, suffix, marker, language_code
):
    page = first_page(model, language_code) or first_page(model, "de")
    response = client.get(page.url + suffix)
    assert response.status_code == 200
    html = response.content.decode()
    # The host's frame, not the example site's: its header and menu are gone.
    assert '<div id="host-frame">' in html and "Host-Fußzeile" in html
    assert 'class="site-header"' not in html
    content = html.split('<div id="host-frame">', 1)[1]
    assert marker in content
    if suffix == "thanks/":  # the thank-you page leads back to the form
        assert f'href="{page.url}"' in content
    else:
        assert escape(page.title) in content
