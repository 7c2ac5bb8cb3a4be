"""The public templates of the volunteer form: accessible structure, languages, escaping.

Templates: wagtail_integration/volunteering/templates/integration_volunteering/ and the shared
wagtail_integration/submissions/templates/integration_submissions/includes/ (form, field), the
tags ``wi_is_choice_group`` and ``wi_field`` of wagtail_integration/templatetags/integration_tags.py
and the form section of wagtail_integration/static/wagtail_integration/css/integration.css.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

import wagtail_integration
from tests import factories
from wagtail_integration.submissions.models import PrivacyNoticeVersion

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
CSS = Path(wagtail_integration.__file__).parent / "static/wagtail_integration/css/integration.css"


@pytest.fixture
def page():
    topics = [
        factories.topic(slug="sprache", name="Sprachpatenschaft"),
        factories.topic(slug="begleitung", name="Begleitung"),
    ]
    return factories.volunteer_form_page(topics=topics, languages=("de", "ar", "uk"))


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def form_of(soup):
    return soup.find("form", class_="wi-form")


def visible_controls(form):
    """The inputs a person fills in: no hidden inputs, no honeypot."""
    return [
        control
        for control in form.find_all(["input", "select", "textarea"])
        if control.get("type") != "hidden" and not control.find_parent(class_="wi-form__trap")
    ]


def failed_post(client, page, **fields):
    return soup_of(client.post(page.url, factories.volunteer_post_data(page, **fields)))


def test_each_group_of_fields_is_a_fieldset_opened_by_its_legend(client, page):
    form = form_of(soup_of(client.get(page.url)))
    groups = form.find_all("fieldset", class_="wi-form__group", recursive=False)
    assert len(groups) == 5  # about you, languages, helping, staying in touch, privacy
    for group in groups:
        legend = group.find(recursive=False)
        assert legend.name == "legend" and legend.get_text(strip=True)
    # Every control sits in a group.
    assert all(control.find_parent("fieldset") for control in visible_controls(form))


def test_radio_and_checkbox_groups_are_fieldsets_named_by_a_legend(client, page):
    form = form_of(soup_of(client.get(page.url)))
    for name in ("contact_channel", "interests", "availability"):
        group = form.find("fieldset", id=f"id_{name}")
        assert group is not None, name
        assert group.legend.get_text(strip=True)
        boxes = group.find_all("input", attrs={"name": name})
        assert len(boxes) >= 2
        for box in boxes:
            assert form.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    assert [box["value"] for box in form.select("#id_interests input")] == ["sprache", "begleitung"]


def test_every_control_has_a_label_and_required_ones_say_so_in_words(client, page):
    form = form_of(soup_of(client.get(page.url)))
    with translation.override("de"):
        required = f"({translation.gettext('required')})"
    for control in visible_controls(form):
        if control.get("type") == "radio":
            named_by = control.find_parent("fieldset").legend
            assert form.find("label", attrs={"for": control["id"]}), control
        else:
            named_by = form.find("label", attrs={"for": control["id"]})
            assert named_by is not None, control
        says_required = required in named_by.get_text(" ", strip=True)
        assert says_required == control.has_attr("required"), control
    required_names = {c["name"] for c in visible_controls(form) if c.has_attr("required")}
    assert required_names == {"name", "email", "contact_channel", "consent"}


def test_the_sender_fields_carry_their_autocomplete_tokens(client, page):
    form = form_of(soup_of(client.get(page.url)))
    tokens = {name: form.find(attrs={"name": name}).get("autocomplete") for name in
              ("name", "email", "phone", "district", "message")}  # fmt: skip
    assert tokens == {
        "name": "name",
        "email": "email",
        "phone": "tel",
        "district": "postal-code",
        "message": None,
    }


def test_the_privacy_notice_and_its_version_come_before_an_unticked_consent_box(client, page):
    html = client.get(page.url).content.decode()
    version = PrivacyNoticeVersion.objects.get(language="de")
    assert version.text == page.privacy_notice
    # The date the wording took effect, not its digest.
    effective = f'<time datetime="{timezone.localtime(version.created_at):%Y-%m-%d}">'
    assert version.short_id not in html
    notice = html.index("Wir speichern Ihre Angaben")
    consent = html.index('name="consent"')
    assert notice < html.index(effective) < consent
    box = form_of(BeautifulSoup(html, "html.parser")).find("input", attrs={"name": "consent"})
    assert box["type"] == "checkbox" and not box.has_attr("checked")


def test_languages_are_named_in_themselves_and_marked_with_lang_and_dir(client, page):
    form = form_of(soup_of(client.get(page.url)))
    label = form.find("label", attrs={"for": "id_language_ar"})
    assert str(label.span) == '<span dir="rtl" lang="ar">العربية</span>'
    assert form.find("label", attrs={"for": "id_language_uk"}).span["lang"] == "uk"


def test_without_errors_there_is_no_summary_and_nothing_is_marked_invalid(client, page):
    soup = soup_of(client.get(page.url))
    assert soup.find(class_="wi-form__summary") is None
    assert soup.find(attrs={"aria-invalid": True}) is None
    assert soup.find(class_="wi-form__error") is None


def test_after_a_failed_post_an_error_summary_at_the_top_takes_the_focus(client, page):
    soup = failed_post(client, page, email="not-an-address", consent=None)
    summary = soup.find(class_="wi-form__summary")
    assert summary["role"] == "alert"
    assert summary["tabindex"] == "-1" and summary.has_attr("autofocus")
    # Before the form, and nothing else on the page asks for the focus.
    assert summary.find_next("form") is form_of(soup)
    assert len(soup.find_all(attrs={"autofocus": True})) == 1
    with translation.override("de"):
        assert soup.title.get_text().startswith(translation.gettext("Error:"))


def test_the_error_summary_links_to_each_field_with_an_error(client, page):
    soup = failed_post(client, page, email="not-an-address", consent=None, contact_channel="fax")
    links = soup.find(class_="wi-form__summary").find_all("a")
    assert [link["href"] for link in links] == [
        "#id_email",
        "#id_contact_channel",
        "#id_consent",
    ]
    assert soup.find("input", id="id_email")["name"] == "email"
    assert soup.find("fieldset", id="id_contact_channel")["tabindex"] == "-1"
    assert soup.find("input", id="id_consent")["name"] == "consent"
    # The page is German, so its errors are rendered in German.
    with translation.override(page.locale.language_code):
        label = translation.gettext("E-mail address")
        error = translation.gettext("Enter an e-mail address such as name@example.org.")
    assert links[0].get_text() == f"{label}: {error}"


def test_help_and_error_texts_are_tied_to_their_inputs(client, page):
    soup = failed_post(client, page, email="not-an-address", consent=None, contact_channel="fax")
    email = soup.find("input", id="id_email")
    assert email["aria-describedby"].split() == ["id_email-help", "id_email-error"]
    assert email["aria-invalid"] == "true"
    with translation.override(page.locale.language_code):
        error = translation.gettext("Enter an e-mail address such as name@example.org.")
    assert soup.find(id="id_email-error").get_text().endswith(f" {error}")
    consent = soup.find("input", id="id_consent")
    assert consent["aria-describedby"] == "id_consent-error" and consent["aria-invalid"] == "true"
    group = soup.find("fieldset", id="id_contact_channel")
    assert group["aria-describedby"] == "id_contact_channel-error"
    assert soup.find("input", id="id_name").get("aria-invalid") is None
    # Every id any element points at exists, once.
    for element in soup.find_all(attrs={"aria-describedby": True}):
        for target in element["aria-describedby"].split():
            assert len(soup.find_all(id=target)) == 1, target


def test_the_honeypot_is_hidden_from_people_but_not_from_scripts(client, page):
    soup = soup_of(client.get(page.url))
    trap = soup.find(class_="wi-form__trap")
    assert trap["aria-hidden"] == "true"
    field = trap.find("input", attrs={"name": "homepage"})
    assert field["type"] == "text" and field["tabindex"] == "-1"
    assert field["autocomplete"] == "off"
    assert not field.has_attr("style") and not trap.has_attr("style")
    rule = re.search(r"\.wi-form__trap \{(.*?)\}", CSS.read_text(), re.S).group(1)
    assert "position: absolute" in rule and "display" not in rule and "visibility" not in rule


def test_the_stylesheet_places_things_by_logical_properties_that_mirror_in_rtl():
    physical = re.findall(
        r"(?:margin|padding|border|inset)-(?:left|right)|(?<![-\w])(?:left|right)\s*:"
        r"|float:\s*(?:left|right)",
        CSS.read_text(),
    )
    assert physical == []


def test_markup_sent_in_the_form_comes_back_escaped(client, page):
    data = factories.volunteer_post_data(
        page, name=SCRIPT, email="not-an-address", message=SCRIPT, district=SCRIPT
    )
    html = client.post(page.url, data).content.decode()
    assert SCRIPT not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html


def test_an_arabic_translation_is_right_to_left_with_the_form_in_arabic(client, page):
    arabic = factories.translate_page(page, "ar", title="شارك معنا", slug="mitmachen-ar")
    response = client.get(arabic.url)
    soup = soup_of(response)
    assert arabic.url.startswith("/ar/")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    assert soup.main["lang"] == "ar" and soup.main["dir"] == "rtl"
    with translation.override("ar"):
        required = f"({translation.gettext('required')})"
        privacy = translation.gettext("Privacy")
    assert required != "(required)" and privacy != "Privacy"  # words the catalogs translate
    form = form_of(soup)
    assert required in form.find("label", attrs={"for": "id_name"}).get_text()
    assert privacy in [legend.get_text(strip=True) for legend in form.find_all("legend")]
    # The structure is that of every language.
    assert form.find("fieldset", id="id_contact_channel").legend
    assert form["action"] == arabic.url


def test_the_form_speaks_the_language_of_its_page_not_of_the_visitor(client, page):
    """An untranslated German page under /ar/ is German throughout, as its <main> says."""
    soup = soup_of(client.get(re.sub(r"^/de/", "/ar/", page.url)))
    assert soup.html["dir"] == "rtl"
    assert soup.main["lang"] == "de" and soup.main["dir"] == "ltr"
    with translation.override("de"):
        required = f"({translation.gettext('required')})"
    assert required in form_of(soup).find("label", attrs={"for": "id_name"}).get_text()


def test_the_thank_you_page_shows_the_page_text_under_a_single_heading(client, page):
    thanks = page.url + page.reverse_subpage("thanks")
    soup = soup_of(client.get(thanks))
    assert len(soup.main.find_all("h1")) == 1
    assert "Danke! Wir melden uns." in soup.main.get_text()
    assert soup.main.find("a", href=page.url)
