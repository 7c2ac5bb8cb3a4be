"""What other domains know about the same person, shown beside a submission in its workspace.

The domains that take submissions sit side by side in the layers (STYLE.md) and never import
each other. A domain that has something to show about a person (the trainings a volunteer
registered for) registers a provider here in its ``AppConfig.ready()``; a workspace asks
:func:`related_records` and shows what comes back, whatever domains are installed.
"""

from dataclasses import dataclass

__all__ = ["RelatedRecord", "register_related", "related_records"]

_providers = []


@dataclass(frozen=True)
class RelatedRecord:
    """One thing another domain knows about a person, as a row of a table."""

    #: What it is ("Schulung: Neu im Ehrenamt"), its kind ("registration") and when.
    title: str
    kind: str
    when: object
    #: Where it stands, in words ("confirmed, attended"); the admin page about it, or "".
    status: str
    url: str = ""


def register_related(provider):
    """Add ``provider(emails, user)``: a dict of lower-cased address to a list of
    :class:`RelatedRecord`, only what ``user`` may see, in a fixed number of queries."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def related_records(email, user):
    """Every provider's records about ``email`` that ``user`` may see, newest first."""
    if not email:
        return []
    key = email.strip().lower()
    records = []
    for provider in _providers:
        records.extend(provider([key], user).get(key, []))
    return sorted(records, key=lambda record: record.when, reverse=True)
