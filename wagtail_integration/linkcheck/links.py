"""The link checker: finds the external addresses of guides and organisations, checks them, and
keeps each address's history.

A run (``manage.py check_links``, or the weekly job) does three things:

1. :func:`collect_links` reads every live guide's body (URL blocks and links in rich text, at any
   depth of the StreamField) and every organisation's website;
2. :func:`sync_links` stores each distinct address once (``CheckedURL``) and where it is used
   (``LinkUsage``);
3. :func:`check_links` checks the addresses not checked recently with a
   :class:`~wagtail_integration.linkcheck.urlcheck.LinkChecker` built from the settings, and stores
   each result as a ``LinkCheck``.

The HTTP side, with its guard against internal addresses, is plain Python in ``urlcheck.py``.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from wagtail import blocks

from .. import __version__
from ..conf import get_setting
from .models import CheckedURL, LinkCheck, LinkUsage, url_key
from .urlcheck import InvalidURLError, LinkChecker, is_public_address, prepare_url

__all__ = [
    "FoundLink",
    "RunSummary",
    "check_links",
    "checker_from_settings",
    "collect_links",
    "prune_history",
    "record_result",
    "run",
    "sync_links",
    "urls_to_check",
]

logger = logging.getLogger(__name__)

_BATCH = 500


class FoundLink(NamedTuple):
    """An external address and where it was found."""

    url: str
    guide_id: int | None
    organisation_id: int | None
    field: str
    text: str = ""


@dataclass
class RunSummary:
    """What a run did: addresses found and checked, and how many of each outcome."""

    found: int = 0
    checked: int = 0
    outcomes: Counter = field(default_factory=Counter)

    def as_dict(self):
        """The summary as plain data, for a task's result and the command's last line."""
        return {"found": self.found, "checked": self.checked, "outcomes": dict(self.outcomes)}


# Collecting ---------------------------------------------------------------------------------


def collect_links():
    """Return every external address of live guides and of organisations, as ``FoundLink``s."""
    from ..directory.models import Organisation
    from ..topics.models import TopicGuidePage

    found = []
    for guide in TopicGuidePage.objects.live().order_by("pk"):
        for url, field_name, text in guide_body_links(guide):
            found.append(FoundLink(url, guide.pk, None, field_name, text))
    for organisation in Organisation.objects.exclude(website="").order_by("pk"):
        found.append(FoundLink(organisation.website.strip(), None, organisation.pk, "website", ""))
    return found


def guide_body_links(guide):
    """Yield ``(url, block name, link text)`` for each external address in a guide's body."""
    for child in guide.body:
        yield from _block_links(child.block, child.value, child.block_type, "")


def _block_links(block, value, field_name, text):
    if value is None:
        return
    if isinstance(block, blocks.URLBlock):
        if value.strip():
            yield value.strip(), field_name, text
    elif isinstance(block, blocks.RichTextBlock):
        for href, link_text in rich_text_links(value.source):
            yield href, field_name, link_text
    elif isinstance(block, blocks.StructBlock):
        # A struct's title is the text of the links inside it (ExternalLinkBlock's url).
        text = value.get("title") or text
        for name, child_block in block.child_blocks.items():
            yield from _block_links(child_block, value.get(name), field_name, str(text))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _block_links(block.child_block, item, field_name, text)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _block_links(child.block, child.value, field_name, text)


class _LinkParser(HTMLParser):
    """Collects the external links of rich text in Wagtail's stored format."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag != "a":
            return
        attrs = dict(attrs)
        href = (attrs.get("href") or "").strip()
        # Internal links are stored as <a linktype="page" id="…">; only external ones have href.
        if "linktype" not in attrs and href.lower().startswith(("http://", "https://")):
            self._open = [href, ""]
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def rich_text_links(html):
    """Return ``[(href, link text), …]`` of the external links in stored rich text."""
    parser = _LinkParser()
    parser.feed(html or "")
    parser.close()
    return [(href, " ".join(text.split())[:255]) for href, text in parser.links]


# Storing ------------------------------------------------------------------------------------


def _host(url):
    try:
        return prepare_url(url)[1][:255]
    except InvalidURLError:
        return ""


def _chunks(items, size=_BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def sync_links(found, now=None):
    """Store each distinct address of ``found`` once and replace the record of where each is used.

    Returns ``{url: CheckedURL}`` for the addresses found.
    """
    now = now or timezone.now()
    by_key = {}
    for link in found:
        by_key.setdefault(url_key(link.url), link.url)
    known = dict(CheckedURL.objects.values_list("key", "pk"))
    CheckedURL.objects.bulk_create(
        [
            CheckedURL(url=url, key=key, host=_host(url), first_seen_at=now, last_seen_at=now)
            for key, url in by_key.items()
            if key not in known
        ],
        batch_size=_BATCH,
        ignore_conflicts=True,  # a concurrent run stored it first: fine
    )
    checked = {}
    for keys in _chunks(by_key):
        CheckedURL.objects.filter(key__in=keys).update(last_seen_at=now)
        checked.update((c.key, c) for c in CheckedURL.objects.filter(key__in=keys))
    LinkUsage.objects.all().delete()
    LinkUsage.objects.bulk_create(
        [
            LinkUsage(
                checked_url=checked[url_key(link.url)],
                guide_id=link.guide_id,
                organisation_id=link.organisation_id,
                field=link.field[:100],
                text=link.text[:255],
            )
            for link in found
        ],
        batch_size=_BATCH,
    )
    return {c.url: c for c in checked.values()}


def in_use():
    """The condition "used in a guide or an organisation" for ``CheckedURL`` querysets."""
    return Exists(LinkUsage.objects.filter(checked_url=OuterRef("pk")))


def urls_to_check(*, force=False, only=None, now=None):
    """The addresses in use that are due for a check, never checked ones first.

    Without ``force``, addresses checked in the last ``LINKCHECK_RECHECK_AFTER_HOURS`` are left
    out. ``only`` limits the run to the given addresses.
    """
    queryset = CheckedURL.objects.filter(in_use()).select_related("latest_check")
    if only is not None:
        queryset = queryset.filter(key__in=[url_key(url.strip()) for url in only])
    if not force:
        now = now or timezone.now()
        cutoff = now - timedelta(hours=get_setting("LINKCHECK_RECHECK_AFTER_HOURS"))
        queryset = queryset.filter(
            Q(latest_check__isnull=True) | Q(latest_check__checked_at__lt=cutoff)
        )
    return queryset.order_by(F("latest_check__checked_at").asc(nulls_first=True), "pk")


def record_result(checked_url, result, now=None):
    """Store ``result`` as the newest check of ``checked_url``; return the ``LinkCheck``."""
    now = now or timezone.now()
    with transaction.atomic():
        check = LinkCheck.objects.create(
            checked_url=checked_url,
            checked_at=now,
            kind=result.kind,
            status_code=result.status_code,
            error_code=result.error_code,
            error_message=result.error_message[:2000],
            redirect_chain=result.redirect_chain,
            final_url=result.final_url,
            duration_ms=result.duration_ms,
        )
        checked_url.latest_check = check
        checked_url.failing_since = None if result.ok else (checked_url.failing_since or now)
        CheckedURL.objects.filter(pk=checked_url.pk).update(
            latest_check=check, failing_since=checked_url.failing_since
        )
    return check


def prune_history(now=None):
    """Delete checks older than ``LINKCHECK_HISTORY_DAYS`` (never a link's newest one), and
    addresses unused for that long."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=get_setting("LINKCHECK_HISTORY_DAYS"))
    newest = CheckedURL.objects.filter(latest_check__isnull=False).values("latest_check")
    LinkCheck.objects.filter(checked_at__lt=cutoff).exclude(pk__in=newest).delete()
    CheckedURL.objects.filter(last_seen_at__lt=cutoff).exclude(in_use()).delete()


# Checking -----------------------------------------------------------------------------------


def _any_address(address):
    return True


def user_agent():
    """How the checker introduces itself: the package, and the site a webmaster can look at."""
    base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    contact = f" (+{base_url})" if base_url else ""
    return f"wagtail-integration-linkcheck/{__version__}{contact}"


def checker_from_settings(**overrides):
    """A :class:`LinkChecker` configured by the ``LINKCHECK_*`` settings (and ``overrides``)."""
    allow_private = get_setting("LINKCHECK_ALLOW_PRIVATE_ADDRESSES")
    if allow_private:
        logger.warning(
            "LINKCHECK_ALLOW_PRIVATE_ADDRESSES is on: links to internal addresses are requested."
        )
    options = {
        "timeout": float(get_setting("LINKCHECK_TIMEOUT")),
        "max_redirects": int(get_setting("LINKCHECK_MAX_REDIRECTS")),
        "max_bytes": int(get_setting("LINKCHECK_MAX_RESPONSE_KB")) * 1024,
        "host_delay": float(get_setting("LINKCHECK_HOST_DELAY")),
        "workers": int(get_setting("LINKCHECK_WORKERS")),
        "user_agent": user_agent(),
        "address_allowed": _any_address if allow_private else is_public_address,
    }
    return LinkChecker(**{**options, **overrides})


def check_links(targets, *, checker=None, progress=None):
    """Check the ``CheckedURL``s ``targets`` and record each result; return the outcome counts.

    ``progress(done, total, checked_url, result)`` is called after each one is stored.
    """
    targets = {target.url: target for target in targets}
    checker = checker or checker_from_settings()
    outcomes = Counter()
    for done, result in enumerate(checker.check_many(list(targets)), start=1):
        target = targets[result.url]
        record_result(target, result)
        outcomes[result.kind] += 1
        if progress:
            progress(done, len(targets), target, result)
    return outcomes


def run(*, force=False, only=None, checker=None, progress=None):
    """Collect, store and check: one whole run of the link checker. Returns a ``RunSummary``."""
    found = collect_links()
    sync_links(found)
    targets = list(urls_to_check(force=force, only=only))
    summary = RunSummary(found=len({link.url for link in found}), checked=len(targets))
    summary.outcomes = check_links(targets, checker=checker, progress=progress)
    prune_history()
    logger.info("Link check: %s", summary.as_dict())
    return summary
