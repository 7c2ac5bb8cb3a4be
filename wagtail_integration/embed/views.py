"""The iframe versions of the widgets: ``/integration/embed/<widget>/?…``.

Each widget is a small HTML document rendered on the server, readable without JavaScript, in
the language of ``?locale=`` (one of the content languages) or else of the request
(``Accept-Language``). Content without a translation comes in German, marked as the pages mark
it. Links open in the host page's window (``<base target="_top">``), and a few lines of inline
script report the document's height to the host page (``postMessage``), which resizes the
iframe (docs/embedding.md).

Only the origins in ``WAGTAIL_INTEGRATION["EMBED_FRAME_ANCESTORS"]`` may frame these views
(``Content-Security-Policy: frame-ancestors``); ``X-Frame-Options`` is left out on them only,
every other page keeps it.

Bad parameters never fail: the widget shows what was wrong, in the visitor's language.

The lists (events, organisations, honours) leave out what has no translation when
``UNTRANSLATED_CONTENT = "hide"``, as the pages' lists do; a guide asked for by ``?topic=`` still
comes in German.
"""

import datetime as dt
import re

from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from ..api.locale import use_locale
from ..conf import get_setting
from ..directory.api import prepare_organisations, unknown_topic_error
from ..directory.models import (
    Organisation,
    OrganisationKind,
    OrganisationLanguage,
    OrganisationTopic,
)
from ..events.api import unknown_category_error
from ..events.blocks import NextStammtischBlock
from ..events.items import build_items, occurrence_rows
from ..events.models import EventSeriesPage, SeriesTopic
from ..honours.api import live_recipients, year_error
from ..honours.models import Award
from ..languages import is_known_language
from ..localization import is_fallback, listed, localize, localize_many
from ..topics.api import live_guides
from .script import script_source

__all__ = ["MAX_AGE", "WIDGETS", "embed", "frame_ancestors", "script"]

#: Seconds a browser or a CDN may keep a widget: short, so that a change shows soon.
MAX_AGE = 300

#: Most dates the events widget shows, and most days ahead it looks.
MAX_LIMIT = 50
MAX_DAYS = 366

#: What may stand in a ``frame-ancestors`` source: a scheme and host, or a CSP keyword.
_SOURCE = re.compile(r"^(?:'self'|'none'|[a-z][a-z0-9+.-]*:(?://[^\s;,']+)?)$", re.IGNORECASE)


def frame_ancestors():
    """The ``Content-Security-Policy`` value allowing the configured origins to frame a widget.

    ``'none'`` without any; an entry that is not a source (spaces, ``;``) is left out, so a
    typing mistake cannot open the policy or add a directive.
    """
    origins = [
        origin.strip().rstrip("/")
        for origin in get_setting("EMBED_FRAME_ANCESTORS")
        if _SOURCE.match(origin.strip().rstrip("/"))
    ]
    return "frame-ancestors " + (" ".join(origins) if origins else "'none'")


def _value(request, name, length=80):
    """The parameter ``name``, stripped, cut to ``length`` characters for messages."""
    return request.GET.get(name, "").strip()[:length]


def _number(request, name, errors, low, high, default=None):
    """The whole number ``name`` in ``[low, high]``; else ``default``, or an error in ``errors``."""
    raw = _value(request, name)
    if not raw:
        return default
    if raw.isdigit() and low <= int(raw) <= high:
        return int(raw)
    errors[name] = _("“%(value)s” is not a whole number from %(low)s to %(high)s.") % {
        "value": raw,
        "low": low,
        "high": high,
    }
    return default


def _series_key(request, errors):
    """The translation key of the series ``?series=`` names (any language version's id)."""
    raw = _value(request, "series")
    if not raw:
        return None
    key = None
    if raw.isdigit() and int(raw) < 2**31:
        visible = EventSeriesPage.objects.live().public()
        key = visible.filter(pk=int(raw)).values_list("translation_key", flat=True).first()
    if key is None:
        errors["series"] = _("There is no published event series with the id %(value)s.") % {
            "value": raw
        }
    return key


# The widgets: each reads its parameters (adding what is wrong to ``errors``) and returns its
# context; ``content_locale`` is the language asked for and its fallback.


def events_widget(request, content_locale, errors):
    """The next dates of all series, or of a ``category``, ``topic`` or ``series``."""
    category, topic = _value(request, "category"), _value(request, "topic")
    if category and (message := unknown_category_error(category)):
        errors["category"] = message
    if topic and (message := unknown_topic_error(topic)):
        errors["topic"] = message
    key = _series_key(request, errors)
    limit = _number(request, "limit", errors, 1, MAX_LIMIT, default=5)
    days = _number(request, "days", errors, 1, MAX_DAYS)
    if errors:
        return {}
    series = EventSeriesPage.objects.live().public()
    if category:
        series = series.filter(category__slug=category)
    if topic:
        series = series.filter(
            pk__in=SeriesTopic.objects.filter(topic__slug=topic).values("page_id")
        )
    if key is not None:
        series = series.filter(translation_key=key)
    now = timezone.now()
    end = now + dt.timedelta(days=days) if days else None
    rows = occurrence_rows(series, now, end, running_at=now, limit=limit)
    return {"items": build_items(rows, content_locale.language, request=request)}


def next_stammtisch_widget(request, content_locale, errors):
    """The next evening of ``?series=``, else of the next series of the Stammtisch category."""
    key = _series_key(request, errors)
    if errors:
        return {}
    series = EventSeriesPage.objects.live().public()
    if key is not None:
        series = series.filter(translation_key=key)
    else:
        series = series.filter(category__slug=get_setting("STAMMTISCH_CATEGORY"))
    now = timezone.now()
    rows = occurrence_rows(series, now, running_at=now, limit=1)
    chosen = rows[0].series_id if rows else series.values_list("pk", flat=True).first()
    if chosen is None:
        return {"next_date": ""}
    block = NextStammtischBlock()
    # The events' own block: its next date after any cancelled one, its note, its link.
    return {"next_date": block.render(block.to_python({"series": chosen}), {"request": request})}


def topic_widget(request, content_locale, errors):
    """One topic guide: ``?topic=`` its page id (any language version) or slug, or its topic's."""
    raw = _value(request, "topic")
    guides = live_guides()
    guide = None
    if raw.isdigit() and int(raw) < 2**31:
        guide = guides.filter(pk=int(raw)).first()
    elif raw:
        # A slug is the German guide's (or its topic's); any version is localized below.
        matching = guides.filter(Q(slug=raw) | Q(topic__slug=raw)).order_by("path")
        guide = matching.filter(locale=Locale.get_default()).first() or matching.first()
    if not raw:
        errors["topic"] = _("Name the topic guide to show: ?topic= with its id or its slug.")
        return {}
    if guide is None:
        errors["topic"] = _(
            "There is no topic guide “%(value)s”. Give the id or the slug of a published guide."
        ) % {"value": raw}
        return {}
    guide = localize(guide, content_locale, guides)
    context = guide.get_context(request)
    context["guide_is_fallback"] = is_fallback(guide, content_locale)
    return context


def organisations_widget(request, content_locale, errors):
    """The directory's organisations, by name: filters ``topic``, ``language`` and ``kind``."""
    topic, kind = _value(request, "topic"), _value(request, "kind")
    language = _value(request, "language").lower()
    if topic and (message := unknown_topic_error(topic)):
        errors["topic"] = message
    if language and not is_known_language(language):
        errors["language"] = _(
            "“%(value)s” is not a language code this site knows. Use a code such as de, en or ar."
        ) % {"value": language}
    if kind and kind not in OrganisationKind.values:
        errors["kind"] = _(
            "“%(value)s” is not a kind of organisation. Use one of: %(choices)s."
        ) % {
            "value": kind,
            "choices": ", ".join(OrganisationKind.values),
        }
    if errors:
        return {}
    queryset = listed(Organisation.objects.all(), content_locale)
    if topic:
        links = OrganisationTopic.objects.filter(topic__slug=topic)
        queryset = queryset.filter(pk__in=links.values("organisation_id"))
    if language:
        spoken = OrganisationLanguage.objects.filter(code=language)
        queryset = queryset.filter(pk__in=spoken.values("organisation_id"))
    if kind:
        queryset = queryset.filter(kind=kind)
    organisations = list(queryset.select_related("locale").order_by("name", "pk"))
    prepare_organisations(organisations, content_locale)
    return {"organisations": organisations}


def honours_widget(request, content_locale, errors):
    """The recipients of the city's honours, newest year first; ``?year=`` keeps one year."""
    year = _value(request, "year", length=10)
    if year and (message := year_error(year)):
        errors["year"] = message
    if errors:
        return {}
    queryset = listed(live_recipients(), content_locale).select_related("locale")
    if year:
        queryset = queryset.filter(year=int(year))
    recipients = list(queryset.order_by("-year", "title", "pk"))
    awards = localize_many([r.award for r in recipients], content_locale, Award.objects.all())
    organisations = localize_many(
        [r.organisation for r in recipients], content_locale, Organisation.objects.all()
    )
    for recipient, award, organisation in zip(recipients, awards, organisations, strict=True):
        recipient.award, recipient.organisation = award, organisation
        recipient.is_fallback = is_fallback(recipient, content_locale)
    return {"recipients": recipients}


#: Widget name -> (function giving its context, template, title of its document).
WIDGETS = {
    "events": (events_widget, "integration_embed/events.html", _lazy("Upcoming events")),
    "next-stammtisch": (
        next_stammtisch_widget,
        "integration_embed/next_stammtisch.html",
        _lazy("Events"),
    ),
    "topic": (topic_widget, "integration_embed/topic.html", _lazy("Topic guides")),
    "organisations": (
        organisations_widget,
        "integration_embed/organisations.html",
        _lazy("Organisations"),
    ),
    "honours": (honours_widget, "integration_embed/honours.html", _lazy("Honours")),
}


def _embeddable(response):
    """Let the configured origins frame ``response`` and caches keep it for a short while."""
    response["Content-Security-Policy"] = frame_ancestors()
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Accept-Language"])
    return response


@xframe_options_exempt
@require_safe
def embed(request, widget):
    """One widget as a document of its own, for an iframe on the city portal.

    An unknown widget is a 404 page naming the widgets there are; a bad parameter is a 400
    whose widget says what was wrong (both in the visitor's language, framable like a widget).
    """
    errors = {}
    content_locale = use_locale(request, request.GET.get("locale", "")[:35], errors)
    context = {"widget": widget, "content_locale": content_locale}
    if widget not in WIDGETS:
        context["title"] = context["message"] = _(
            "There is no widget “%(name)s”. Use one of: %(choices)s."
        ) % {
            "name": widget[:40],
            "choices": ", ".join(WIDGETS),
        }
        response = render(request, "integration_embed/not_found.html", context, status=404)
        # LocaleMiddleware answers a 404 outside i18n_patterns with a redirect to the same path
        # below the language prefix, which Wagtail's catch-all takes: a page that may not be
        # framed. The package's own URLconf has no language prefix, so it keeps this answer
        # (as the API's errors do: api/urls.py, _exempt_from_language_redirect).
        request.urlconf = "wagtail_integration.urls"
        return _embeddable(response)
    build, template, context["title"] = WIDGETS[widget]
    context.update(build(request, content_locale, errors))
    if errors:
        context["errors"] = list(errors.values())
        response = render(request, "integration_embed/base.html", context, status=400)
    else:
        response = render(request, template, context)
    return _embeddable(response)


@require_safe
def script(request):
    """``/integration/embed.js``: the web components, with the site's words (embed/script.py).

    Any page may load it (a ``<script>`` needs no CORS); caches keep it as long as a widget,
    and its ETag answers a revalidation with ``304``.
    """
    text, etag = script_source()
    quoted = f'"{etag}"'
    if quoted in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["ETag"] = quoted
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
