"""Rich text for the API: Wagtail's front-end HTML, links in the requested language, URLs absolute.

Wagtail's ``expand_db_html`` turns the stored ``<a linktype="page" id="…">`` into a link to the
page in the active language, at one or two queries per linked page. Here all fragments of a
response are rendered in one pass of Wagtail's own rewriters, with the page-link rule replaced
by one that finds every linked page and its translation in a fixed number of queries. Every URL
is made absolute, since the HTML is shown on another site (the city portal).
"""

import re
import uuid
from functools import partial

from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import get_rewriter
from wagtail.rich_text.rewriters import LinkRewriter, MultiRuleRewriter

from .locale import localize_many, requested_locale

__all__ = ["absolute_url", "render_rich_text"]

# A root-relative URL in an attribute: href="/…" or src="/…", not protocol-relative "//…".
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolute_url(request, url):
    """``url`` as an absolute URL on the host that answered ``request``; None stays None."""
    if not url:
        return None
    return request.build_absolute_uri(url)


def _page_links(request, attrs_list):
    """Opening ``<a>`` tags for page links, to the live version in the requested language."""
    ids = [attrs.get("id", "") for attrs in attrs_list]
    pages = Page.objects.in_bulk([int(pk) for pk in ids if pk.isdigit()])
    targets = localize_many(
        [pages.get(int(pk)) if pk.isdigit() else None for pk in ids],
        requested_locale(request),
        Page.objects.live().public(),
    )
    tags = []
    for page in targets:
        url = page.get_full_url(request) if page is not None else None
        tags.append(f'<a href="{escape(url)}">' if url else "<a>")
    return tags


def _rewriter(request):
    rewriters = []
    for rewriter in get_rewriter().rewriters:
        if isinstance(rewriter, LinkRewriter):
            rewriter = LinkRewriter(
                rules=rewriter.rules,
                bulk_rules={**rewriter.bulk_rules, "page": partial(_page_links, request)},
            )
        rewriters.append(rewriter)
    return MultiRuleRewriter(rewriters)


def render_rich_text(sources, request):
    """Render the stored rich text ``sources`` as front-end HTML, one string per source.

    All of them in one pass, so the number of queries does not grow with the number of
    fragments or links.
    """
    if not sources:
        return []
    separator = f"<!--{uuid.uuid4().hex}-->"
    html = _rewriter(request)(separator.join(source or "" for source in sources))
    return [
        _RELATIVE_URL.sub(lambda m: f'{m[1]}{request.build_absolute_uri(m[2])}"', part)
        for part in html.split(separator)
    ]
