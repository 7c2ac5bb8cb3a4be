"""Rich text in the body of a topic guide page: links in the guide's language, in one pass.

Code: ``GuideRichTextBlock`` and ``guide_rich_text`` in wagtail_integration/topics/blocks.py,
``TopicGuidePage.get_context``, the guide templates, and ``expand_rich_text`` in
wagtail_integration/api/richtext.py.
"""

import re
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation
from wagtail.rich_text import RichText

from tests import factories
from tests.topics.support import count_queries, get_html, make_guide, make_index

pytestmark = pytest.mark.django_db

TEXT = re.compile(r'<div class="wi-text">(.*?)</div>', re.S)
ANSWER = re.compile(r'<div class="wi-faq__answer">(.*?)</div>', re.S)
LINK = re.compile(r'<a href="([^"]*)"(?: hreflang="([^"]*)")?>([^<]*)</a>')


def page_link(page, text):
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def linked_body(targets):
    """A body linking to each of ``targets`` once: the even ones from text blocks (two links
    to a block), the odd ones from the answers of a list of questions."""
    even = [(n, page) for n, page in enumerate(targets) if n % 2 == 0]
    odd = [(n, page) for n, page in enumerate(targets) if n % 2 == 1]
    body = [
        ("text", "<p>" + " ".join(page_link(page, f"Seite {n}") for n, page in pair) + "</p>")
        for pair in (even[i : i + 2] for i in range(0, len(even), 2))
    ]
    body.append(("heading", "Fragen"))
    if odd:
        answers = [
            item({"question": f"Frage {n}?", "answer": f"<p>{page_link(page, f'Seite {n}')}</p>"})
            for n, page in odd
        ]
        body.append(("faq", answers))
    return body


def body_links(html):
    """``(href, hreflang or "", text)`` of every link in the guide's texts and answers."""
    fragments = TEXT.findall(html) + ANSWER.findall(html)
    return sorted(
        (link for fragment in fragments for link in LINK.findall(fragment)),
        key=lambda link: int(link[2].split()[-1]),
    )


@pytest.fixture
def targets():
    """Ten German pages; the even ones also in English: ``(german pages, {n: english})``."""
    pages = [factories.plain_page(title=f"Ziel {n}") for n in range(10)]
    english = {n: factories.translate_page(pages[n], "en") for n in range(0, 10, 2)}
    return pages, english


# -- links in the guide's language -----------------------------------------------------------


def test_an_english_guide_links_to_english_targets_and_marks_german_fallbacks(client, targets):
    pages, english = targets
    guide = make_guide(make_index(), body=linked_body(pages))
    english_guide = factories.translate_page(guide, "en", title="Advice")

    links = body_links(get_html(client, english_guide))

    assert links == [
        (english[n].url, "", f"Seite {n}") if n in english else (pages[n].url, "de", f"Seite {n}")
        for n in range(10)
    ]
    assert english[0].url.startswith("/en/") and pages[1].url.startswith("/de/")


def test_a_german_guide_links_to_the_german_pages_whatever_the_active_language(client, rf, targets):
    pages, _english = targets
    guide = make_guide(make_index(), body=linked_body(pages))
    expected = [(page.url, "", f"Seite {n}") for n, page in enumerate(pages)]
    request = rf.get(guide.url)
    request.user = AnonymousUser()

    with translation.override("en"):
        html = guide.serve(request).render().content.decode()

    assert body_links(html) == expected
    assert body_links(get_html(client, guide)) == expected


def test_a_link_to_a_draft_translation_stays_on_the_german_page(client):
    target = factories.plain_page(title="Ziel")
    factories.translate_page(target, "en", publish=False)
    guide = make_guide(make_index(), body=[("text", f"<p>{page_link(target, 'Seite 0')}</p>")])
    english_guide = factories.translate_page(guide, "en", title="Advice")

    assert body_links(get_html(client, english_guide)) == [(target.url, "de", "Seite 0")]


def test_a_link_to_an_unpublished_page_keeps_its_text_without_an_address(client):
    target = factories.plain_page(title="Ziel")
    target.unpublish()
    guide = make_guide(make_index(), body=[("text", f"<p>{page_link(target, 'alt')}</p>")])

    assert TEXT.findall(get_html(client, guide)) == ["<p><a>alt</a></p>"]


def test_the_rich_text_of_a_german_guide_is_what_wagtail_renders(client, targets):
    pages, english = targets
    document = factories.document(title="Merkblatt")
    image = factories.image()
    text = (
        f"<p>{page_link(pages[0], 'deutsch')}, {page_link(english[2], 'englisch')},"
        f' <a linktype="document" id="{document.pk}">Merkblatt</a>,'
        ' <a href="https://www.example.org/?a=1&amp;b=2">extern</a>'
        ' und <a href="mailto:info@example.org">Post</a>.</p>'
        f'<embed alt="Ein Foto" embedtype="image" format="left" id="{image.pk}"/>'
        "<ul><li><b>fett</b> und <i>kursiv</i></li></ul>"
    )
    answer = f"<p>Ja: {page_link(pages[1], 'hier')}.</p>"
    body = [
        ("text", text),
        ("heading", "Fragen"),
        ("faq", [item({"question": "Frage?", "answer": answer})]),
        ("text", ""),
    ]
    guide = make_guide(make_index(), body=body)

    html = get_html(client, guide)

    with translation.override("de"):
        wagtail_text, wagtail_answer, wagtail_empty = (
            RichText(source).__html__() for source in (text, answer, "")
        )
    assert TEXT.findall(html) == [wagtail_text, wagtail_empty]
    assert ANSWER.findall(html) == [wagtail_answer]
    assert f'href="{english[2].url}"' not in wagtail_text  # the German version, not the stored
    assert f'href="{pages[2].url}"' in wagtail_text


def test_a_guide_rich_text_block_outside_a_guide_renders_as_wagtail_does(targets):
    from wagtail_integration.topics.blocks import GuideRichTextBlock

    pages, english = targets
    block = GuideRichTextBlock()
    value = block.to_python(f"<p>{page_link(pages[0], 'Seite 0')}</p>")

    with translation.override("en"):
        html = block.render(value)
        assert html == value.__html__()
    assert f'href="{english[0].url}"' in html


# -- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_guide_takes_as_many_queries_for_10_page_links_as_for_1(client, targets, language):
    pages, english = targets
    index = make_index()

    def guide(count):
        page = make_guide(index, body=linked_body(pages[:count]))
        return page if language == "de" else factories.translate_page(page, "en")

    small, large = guide(1), guide(10)
    count_queries(client, small.url)  # warm caches that are per process, not per page
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)

    assert len(body_links(get_html(client, large))) == 10
    print(f"{language} guide queries: 1 page link {small_count}, 10 {large_count}")
    assert large_count == small_count, (small_count, large_count)


def test_a_guide_takes_as_many_queries_for_10_documents_and_images_as_for_1(client):
    index = make_index()
    documents = [factories.document(title=f"Merkblatt {n}") for n in range(10)]
    images = [factories.image(size=(40, 30)) for _n in range(10)]

    def guide(count):
        text = "".join(
            f'<p><a linktype="document" id="{document.pk}">Merkblatt {n}</a></p>'
            f'<embed alt="Foto {n}" embedtype="image" format="fullwidth" id="{image.pk}"/>'
            for n, (document, image) in enumerate(
                zip(documents[:count], images[:count], strict=True)
            )
        )
        answers = [
            item({"question": "?", "answer": f'<p><a linktype="document" id="{doc.pk}">M</a></p>'})
            for doc in documents[:count]
        ]
        return make_guide(index, body=[("text", text), ("faq", answers)])

    small, large = guide(1), guide(10)
    count_queries(client, small.url)  # warm caches; the images' renditions are made here
    count_queries(client, large.url)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    # Without the cache, renditions are not looked up image by image either.
    cache.clear()
    small_cold = count_queries(client, small.url)
    cache.clear()
    large_cold = count_queries(client, large.url)

    html = get_html(client, large)
    assert html.count('href="/documents/') == 20
    assert html.count('<img alt="Foto') == 10
    print(
        f"guide queries: 1 document and image {small_count}, 10 {large_count}; "
        f"cache cleared: {small_cold}, {large_cold}"
    )
    assert (large_count, large_cold) == (small_count, small_cold)
