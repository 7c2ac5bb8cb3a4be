"""StreamField blocks of the directory, for the host site's own pages.

Add them to a StreamField like any block::

    from wagtail_integration.directory.blocks import OrganisationsBlock

    body = StreamField([..., ("organisations", OrganisationsBlock())])

The block is ``<integration-organisations>`` for a host site that is Wagtail itself, with the
same filters (docs/blocks.md).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Locale

from ..languages import language_choices
from ..localization import ContentLocale, block_locale, listed, localize_many
from ..taxonomy import Topic
from .models import Organisation, OrganisationKind, OrganisationLanguage, OrganisationTopic

__all__ = ["OrganisationsBlock", "kind_choices", "topic_choices"]


def topic_choices():
    """The topics by slug, named in the default language."""
    return [(t.slug, t.name) for t in Topic.objects.filter(locale=Locale.get_default())]


def kind_choices():
    """The kinds of organisation (a callable, so that a new kind needs no migration)."""
    return list(OrganisationKind.choices)


class OrganisationsBlock(blocks.StructBlock):
    """The directory's organisations by name, filtered by topic, language spoken and kind.

    Each organisation comes in the language of the page the block is on, else as its German
    source, marked "In German" by the directory's card (``UNTRANSLATED_CONTENT = "hide"`` leaves
    those out, as the directory does). The number of queries does not grow with the number of
    organisations.
    """

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Organisations”."),
    )
    # Slugs and codes, not choosers: they are the same in every language, so a translated page
    # keeps its filters without translating references.
    topic = blocks.ChoiceBlock(label=_("topic"), choices=topic_choices, required=False)
    language = blocks.ChoiceBlock(
        label=_("language spoken"), choices=language_choices, required=False
    )
    kind = blocks.ChoiceBlock(label=_("kind"), choices=kind_choices, required=False)

    class Meta:
        icon = "group"
        label = _("Organisations")
        template = "integration_directory/blocks/organisations.html"

    def get_organisations(self, value, content_locale):
        """The organisations to show, filtered and ordered by name; override this to narrow them."""
        organisations = listed(Organisation.objects.all(), content_locale)
        if value.get("topic"):
            links = OrganisationTopic.objects.filter(topic__slug=value["topic"])
            organisations = organisations.filter(pk__in=links.values("organisation_id"))
        if value.get("language"):
            spoken = OrganisationLanguage.objects.filter(code=value["language"])
            organisations = organisations.filter(pk__in=spoken.values("organisation_id"))
        if value.get("kind"):
            organisations = organisations.filter(kind=value["kind"])
        return organisations.prefetch_related(
            "opening_hours",
            "spoken_languages",
            Prefetch("topic_links", queryset=OrganisationTopic.objects.select_related("topic")),
        ).order_by("name", "pk")

    def get_context(self, value, parent_context=None):
        """Add ``organisations`` (their topics in the page's language) and ``locale``."""
        context = super().get_context(value, parent_context=parent_context)
        locale = block_locale(parent_context)
        content_locale = ContentLocale.of(locale)
        organisations = list(self.get_organisations(value, content_locale))
        links = [link for organisation in organisations for link in organisation.topic_links.all()]
        topics = localize_many([link.topic for link in links], content_locale, Topic.objects.all())
        for link, topic in zip(links, topics, strict=True):
            if topic is not None:
                link.topic = topic
        context["locale"] = locale
        context["organisations"] = organisations
        return context
