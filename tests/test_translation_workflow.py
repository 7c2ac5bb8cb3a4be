"""A page sent for translation is not published in German under another language (issue 18
item 3, issue 13 item 3): it stays a draft until a person publishes its translation, and until
then visitors and the API get the German source, marked as such."""

import pytest
from django.urls import reverse
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from tests import factories

API = "/api/integration/v1"

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide():
    return factories.guide(factories.topic_index(), title="Deutsch lernen", summary="Kurse.")


def english_item(client):
    (item,) = client.get(f"{API}/topics?locale=en").json()["items"]
    return item


def test_a_page_sent_for_translation_stays_a_draft_until_its_translation_is_published(
    admin_client,
    client,
    committed,
    guide,
):
    factories.submit_for_translation(admin_client, guide, "en")
    target = guide.get_translation(factories.locale("en"))

    # Before anyone translated a word: a draft, not German text under the English address.
    assert not target.live and target.live_revision is None
    item = english_item(client)
    assert (item["id"], item["locale"], item["fallback"]) == (guide.pk, "de", True)
    assert client.get(f"{API}/topics/{target.pk}").status_code == 404

    # A person translates the title and publishes the translation.
    translation = Translation.objects.get(source__object_id=guide.translation_key)
    segment = StringSegment.objects.get(source=translation.source, string__data="Deutsch lernen")
    response = admin_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id]),
        "value=Learning+German",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[target.id]), {"action": "publish"}
        )

    target.refresh_from_db()
    assert target.live and target.title == "Learning German"
    item = english_item(client)
    assert (item["id"], item["title"], item["locale"], item["fallback"]) == (
        target.pk,
        "Learning German",
        "en",
        False,
    )


def test_a_published_translation_stays_live_when_its_source_is_synchronised(
    admin_client,
    committed,
    guide,
):
    factories.submit_for_translation(admin_client, guide, "en")
    target = guide.get_translation(factories.locale("en"))
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[target.id]), {"action": "publish"}
        )
    target.refresh_from_db()
    assert target.live

    # The source changes and is synchronised: the published translation is not withdrawn.
    guide.summary = "Neue Kurse."
    guide.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(guide)
    with committed():
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.id]), {}, follow=True
        )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.live
