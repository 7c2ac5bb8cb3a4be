"""Fields of :class:`~.models.EventSeriesPage` in Wagtail's own API (v2), for sites that use it.

Foreign keys (category, venue, organiser) are Wagtail's usual ``{"id", "meta"}`` references;
these fields give what has no such form: the topics and languages of a series (inline rows
on the page) and its rule as RFC 5545 text, in the same shapes as ``GET series/{id}`` of the
integration API.
"""

from rest_framework import serializers

from ..languages import language_name
from ..localization import translate_many

__all__ = ["LanguagesField", "RuleField", "TopicsField"]


class RuleField(serializers.Field):
    """The recurrence as RFC 5545 lines (``rule`` of ``GET series/{id}``); null when single."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        from .ical import rule_text

        return rule_text(value)


class TopicsField(serializers.Field):
    """The topics of a series: ``[{"id", "slug", "name"}]``, named in the page's language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        # Two queries whatever the number of topics: the links with their topics, then the
        # translations of those not in the page's language.
        topics = [link.topic for link in value.topic_links.all().select_related("topic")]
        return [
            {"id": topic.pk, "slug": topic.slug, "name": topic.name}
            for topic in translate_many(topics, value.locale_id)
        ]


class LanguagesField(serializers.Field):
    """The languages spoken at the events: ``[{"code", "name"}]``, each name in its language."""

    def __init__(self, **kwargs):
        super().__init__(source="spoken_languages", read_only=True, **kwargs)

    def to_representation(self, value):
        return [{"code": row.code, "name": language_name(row.code)} for row in value.all()]
