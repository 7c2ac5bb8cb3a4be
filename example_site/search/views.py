"""The example site's search page: guides and other pages, and organisations of the directory.

Both are searched through Wagtail's search backend, in the visitor's language; content that has
no translation into it is found in its German source, as the pages themselves fall back.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from wagtail_integration.directory.models import Organisation, OrganisationTopic
from wagtail_integration.localization import localized_filter, translate_many

PAGES_PER_PAGE = 10
#: Organisations shown at most; the directory page lists and filters all of them.
MAX_ORGANISATIONS = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search pages and organisations for ``?q=``; pages are paginated with ``?page=``."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    pages = organisations = None
    if query:
        locale = Locale.get_active()
        pages = Paginator(search_pages(query, locale), PAGES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        organisations = search_organisations(query, locale)
    return render(
        request,
        "search/search.html",
        {"search_query": query, "pages": pages, "organisations": organisations},
    )


def search_pages(query, locale):
    """Live, public pages matching ``query``, in ``locale`` or their untranslated source."""
    return (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .filter(localized_filter(Page.objects.all(), locale))
        .specific()
        .search(query)
    )


def search_organisations(query, locale):
    """Up to MAX_ORGANISATIONS organisations matching ``query``, best first, in ``locale``.

    Organisation's search index filters by locale only, so both the visitor's locale and the
    German source are searched; a German match that has a translation is shown translated, and
    each organisation once.
    """
    # Each organisation can match twice (source and translation): twice the limit leaves enough.
    candidates = Organisation.objects.filter(locale_id__in={locale.pk, Locale.get_default().pk})
    matches = list(get_search_backend().search(query, candidates)[: MAX_ORGANISATIONS * 2])
    matches = translate_many(matches, locale, Organisation.objects.all())
    results, seen = [], set()
    for match in matches:
        if match.translation_key not in seen:
            seen.add(match.translation_key)
            results.append(match)
    results = results[:MAX_ORGANISATIONS]
    prefetch_related_objects(
        results,
        "opening_hours",
        "spoken_languages",
        Prefetch("topic_links", queryset=OrganisationTopic.objects.select_related("topic")),
    )
    return results
