"""Rich text rendered in one pass: Wagtail's front-end HTML, page links in a chosen language.

Wagtail's ``expand_db_html`` turns the stored ``<a linktype="page" id="…">`` into a link to the
page in the active language, at one or two queries per linked page, and each fragment of a page
or response is expanded on its own. :func:`expand_rich_text` renders all fragments in one pass
of Wagtail's own rewriters, with the page-link rule replaced by one that finds every linked page
and its translation in a fixed number of queries, and the images of image embeds loaded with
their renditions at once. The API renders with :func:`render_rich_text` (URLs absolute, since
the HTML is shown on another site, the city portal); a topic guide page with
``expand_rich_text`` itself (``topics.blocks.guide_rich_text``).
"""

import re
import uuid
from functools import partial

from django.utils.html import escape, format_html
from wagtail.images import get_image_model
from wagtail.images.formats import get_image_formats
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.models import Page
from wagtail.rich_text import get_rewriter
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from ..localization import localize_many
from .locale import requested_locale

__all__ = ["absolute_url", "expand_rich_text", "render_rich_text"]

# A root-relative URL in an attribute: href="/…" or src="/…", not protocol-relative "//…".
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolute_url(request, url):
    """``url`` as an absolute URL on the host that answered ``request``; None stays None."""
    if not url:
        return None
    return request.build_absolute_uri(url)


def _page_links(attrs_list, *, content_locale, request, absolute, hreflang):
    """Opening ``<a>`` tags for page links, to the live version in the requested language."""
    ids = [attrs.get("id", "") for attrs in attrs_list]
    pages = Page.objects.in_bulk([int(pk) for pk in ids if pk.isdigit()])
    # Readers on another site cannot log in here: a private page is no link for them.
    shown = Page.objects.live().public() if absolute else Page.objects.live()
    targets = localize_many(
        [pages.get(int(pk)) if pk.isdigit() else None for pk in ids], content_locale, shown
    )
    tags = []
    for page in targets:
        url = None
        if page is not None:
            url = page.get_full_url(request) if absolute else page.get_url(request)
        if not url:
            tags.append("<a>")
        elif hreflang and page.locale.language_code != content_locale.language:
            tags.append(format_html('<a href="{}" hreflang="{}">', url, page.locale.language_code))
        else:
            tags.append(f'<a href="{escape(url)}">')
    return tags


class _ImageEmbeds(ImageEmbedHandler):
    """Wagtail's image embeds, all images loaded with their renditions in two queries.

    Wagtail's handler has each image look its rendition up in the cache, and in the database
    when the cache does not have it: one query per image after the cache was cleared.
    """

    @classmethod
    def get_many(cls, attrs_list):
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        formats = {image_format.name: image_format for image_format in get_image_formats()}
        specs = {
            formats[attrs["format"]].filter_spec
            for attrs in attrs_list
            if attrs.get("format") in formats
        }
        images = (
            get_image_model()
            .objects.prefetch_renditions(*specs)
            .in_bulk([pk for pk in ids if pk.isdigit()])
        )
        return [images.get(int(pk)) if pk.isdigit() else None for pk in ids]


def _rewriter(page_links):
    rewriters = []
    for rewriter in get_rewriter().rewriters:
        if isinstance(rewriter, LinkRewriter):
            rewriter = LinkRewriter(
                rules=rewriter.rules, bulk_rules={**rewriter.bulk_rules, "page": page_links}
            )
        elif (
            isinstance(rewriter, EmbedRewriter)
            # Only where the site kept Wagtail's own image handler.
            and rewriter.bulk_rules.get("image") == ImageEmbedHandler.expand_db_attributes_many
        ):
            rewriter = EmbedRewriter(
                rules=rewriter.rules,
                bulk_rules={**rewriter.bulk_rules, "image": _ImageEmbeds.expand_db_attributes_many},
            )
        rewriters.append(rewriter)
    return MultiRuleRewriter(rewriters)


def expand_rich_text(sources, content_locale, request=None, *, absolute=False, hreflang=False):
    """Render the stored rich text ``sources`` as front-end HTML, one string per source.

    All of them in one pass, so the number of queries does not grow with the number of
    fragments, links or images. A page link goes to the live version of the page in
    ``content_locale``'s language, else in its source language, else as stored (a
    :class:`~.locale.ContentLocale`); ``<a>`` without ``href`` when none is live. ``request``
    (optional) is the one ``pageurl`` would use: the site URLs are relative to, and where Wagtail
    keeps its site lookups.

    By default URLs are as the ``pageurl`` tag gives them, and private pages are linked, as on
    the site's own pages. ``absolute`` makes every URL absolute and links public pages only,
    for HTML shown on another site (it needs ``request``). ``hreflang`` marks a page link in
    another language than ``content_locale``'s with it.
    """
    if not sources:
        return []
    page_links = partial(
        _page_links,
        content_locale=content_locale,
        request=request,
        absolute=absolute,
        hreflang=hreflang,
    )
    separator = f"<!--{uuid.uuid4().hex}-->"
    html = _rewriter(page_links)(separator.join(source or "" for source in sources))
    parts = html.split(separator)
    if absolute:
        parts = [
            _RELATIVE_URL.sub(lambda m: f'{m[1]}{request.build_absolute_uri(m[2])}"', part)
            for part in parts
        ]
    return parts


def render_rich_text(sources, request):
    """Rich text for the API: :func:`expand_rich_text` in the request's language, URLs absolute."""
    return expand_rich_text(sources, requested_locale(request), request, absolute=True)
