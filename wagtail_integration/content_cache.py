"""Finished answers of the API and the calendar feeds, kept until the content changes.

An answer of ``GET occurrences`` depends only on its parameters, the language, the host and the
published content; building it takes a few milliseconds of queries and Python, sending a stored
copy a fraction of one. :func:`cached_answer` keeps each successful answer in Django's cache
under a key made of those inputs, tagged with the **content generation**. Of the query string,
the key holds only the parameters the view reads, in a fixed order: a parameter it does not
know (a cache-buster such as ``?_=1712345``) neither bypasses the cache nor adds an entry, and
``?a=1&b=2`` is ``?b=2&a=1``. The content generation is a token that
:func:`content_changed` replaces, after the transaction commits, whenever published content
changes (a page published, unpublished, moved or deleted, a view restriction, a snippet the
answers show, a rebuild of occurrences). A stored answer of an older generation is never sent.
A lookup is one round trip to the cache (``get_many`` of the generation and the answer).

The cache must be shared by every process that serves or changes content (Redis in production,
as the example site's settings have it): with a per-process cache, a change made in one process
would not reach the answers stored by another. ``RESPONSE_CACHE_SECONDS`` bounds how long any
answer is kept (0 turns the cache off); it is also the longest an answer can be stale should a
change be made while the cache cannot be reached.

Answers carry an ``ETag``; a request whose ``If-None-Match`` names it gets ``304 Not Modified``.
"""

import functools
import hashlib
import uuid

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .conf import get_setting

__all__ = [
    "CONTENT_MODELS",
    "GENERATION_KEY",
    "cache_answers",
    "cached_answer",
    "connect",
    "content_changed",
    "generation",
    "retire_answers_on_change",
]

#: The cache key of the content generation.
GENERATION_KEY = "wagtail-integration:content-generation"
_ANSWER_PREFIX = "wagtail-integration:answer:"
#: Headers of a stored answer that are sent again with it.
_KEPT_HEADERS = ("Content-Disposition", "Content-Language")


def _new_generation():
    return uuid.uuid4().hex


def _bump():
    cache.set(GENERATION_KEY, _new_generation(), None)


def content_changed(using=None):
    """Retire every stored answer now and once more when the current transaction commits.

    Between the two, a request could still read the old content and store it under the
    generation of the first; the second retires that. (The first alone serves a test that
    never commits, or a caller that reads its own uncommitted change.)
    """
    if connections[using or "default"].in_atomic_block:
        _bump()
    transaction.on_commit(_bump, using=using)


def generation():
    """The current content generation, starting one when the cache has none."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        value = cache.get(GENERATION_KEY)
    return value


def _key(request, parts, parameters):
    query = sorted(
        (name, values)
        for name, values in request.GET.lists()
        if parameters is None or name in parameters
    )
    described = repr((request.scheme, request.get_host(), translation.get_language(), parts, query))
    return _ANSWER_PREFIX + hashlib.sha256(described.encode()).hexdigest()


def _etag(key, content):
    return '"' + hashlib.sha256(key.encode() + content).hexdigest()[:32] + '"'


def _not_modified(request, etag):
    wanted = request.headers.get("If-None-Match", "")
    return etag in (tag.strip() for tag in wanted.split(","))


def _finish(request, response, etag):
    """``response`` with its ETag, or 304 when the client holds that version already."""
    if _not_modified(request, etag):
        response = HttpResponseNotModified()
    response["ETag"] = etag
    patch_vary_headers(response, ("Accept-Language",))
    return response


def cached_answer(request, parts, build, parameters=None):
    """The answer to ``request``: stored, or made by ``build()`` and stored if it is a 200.

    ``parts`` name what the answer depends on besides the query string, language, host and
    scheme (the view, path arguments). ``parameters`` names the query parameters ``build``
    reads: the others are left out of the key (``()`` for a view that reads none; None keeps
    the whole query string). Only GET and HEAD are answered from the cache.
    """
    timeout = get_setting("RESPONSE_CACHE_SECONDS")
    if timeout <= 0 or request.method not in ("GET", "HEAD"):
        return build()
    key = _key(request, parts, parameters)
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        _, content_type, content, etag, headers = entry
        response = HttpResponse(content, content_type=content_type)
        for name, value in headers:
            response[name] = value
        return _finish(request, response, etag)

    response = build()
    if response.status_code != 200 or response.streaming:
        return response
    etag = _etag(key, response.content)
    headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
    cache.set(key, (current, response["Content-Type"], response.content, etag, headers), timeout)
    return _finish(request, response, etag)


def cache_answers(name, parameters):
    """A view decorator for :func:`ninja.decorators.decorate_view`: cache the operation's answers.

    The operation's path arguments are part of the key, and so are the query ``parameters`` it
    reads (names; see :func:`cached_answer`).
    """
    parameters = frozenset(parameters)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            parts = (name, args, sorted(kwargs.items()))
            return cached_answer(request, parts, lambda: view(request, *args, **kwargs), parameters)

        return wrapper

    return decorator


#: Wagtail's models besides pages whose rows shape cached answers: a save or delete retires them
#: all. The domain apps add their snippets with :func:`retire_answers_on_change` in their
#: ``ready()``. Children saved with their page (overrides, languages, topics) count through the
#: page. The occurrence table is written in bulk, which sends no signals: its writers call
#: :func:`content_changed` themselves.
CONTENT_MODELS = (
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailcore.Locale",
)


def _on_saved_or_deleted(sender, using=None, **kwargs):
    content_changed(using)


def _on_page_moved(sender, **kwargs):
    content_changed()


def connect():
    """Retire the stored answers whenever a page or a :data:`CONTENT_MODELS` row changes.

    Called from the core app's ready(); each domain app adds its own models.
    """
    from django.apps import apps
    from wagtail.models import get_page_models
    from wagtail.signals import post_page_move

    retire_answers_on_change(*get_page_models(), *map(apps.get_model, CONTENT_MODELS))
    post_page_move.connect(_on_page_moved, dispatch_uid="content-cache-moved")


def retire_answers_on_change(*models):
    """Retire the stored answers whenever a row of one of ``models`` is saved or deleted.

    A domain app calls it in its ``ready()`` for the models besides pages whose rows its
    answers show (pages count already). Receivers are connected per model, never for all
    senders: a ``post_delete`` receiver for every model would keep Django from deleting any
    queryset without loading its rows.
    """
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                _on_saved_or_deleted,
                sender=model,
                dispatch_uid=f"content-cache-{id(signal)}-{model._meta.label}",
            )
