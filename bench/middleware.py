"""What only the benchmark's server does: build an answer the site would send from its cache.

The API and the calendar feeds keep finished answers until published content changes
(``wagtail_integration.content_cache``), keyed only on the query parameters a view reads, so no
URL makes a request miss the cache. A request with the header :data:`BUILD_HEADER` retires the
content generation first, as a publish does: its answer is then built (and stored) as on the
first request after a change. The cost over a plain miss is one cache write.

Never part of a real site: ``bench/settings.py`` adds it to the settings the harness serves.
"""

from wagtail_integration.content_cache import content_changed

__all__ = ["BUILD_HEADER", "BuildEveryAnswer"]

#: The header that makes the request's answer be built; wrk sends it for ``Scenario.built``.
BUILD_HEADER = "X-Bench-Build"


class BuildEveryAnswer:
    """Retire the stored answers before a request that carries :data:`BUILD_HEADER`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if BUILD_HEADER in request.headers:
            content_changed()  # outside a transaction: at once
        return self.get_response(request)
