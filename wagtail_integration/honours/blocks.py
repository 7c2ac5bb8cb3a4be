"""StreamField blocks of the honours, for the host site's own pages.

Add them to a StreamField like any block::

    from wagtail_integration.honours.blocks import HonoursBlock

    body = StreamField([..., ("honours", HonoursBlock())])

The block is ``<integration-honours>`` for a host site that is Wagtail itself, with the same
``year`` filter (docs/blocks.md).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..directory.models import Organisation
from ..localization import ContentLocale, block_locale, is_fallback, listed, localize_many
from .models import Award, HonourRecipientPage

__all__ = ["HonoursBlock"]


class HonoursBlock(blocks.StructBlock):
    """The recipients of the city's honours, newest year first, or those of one year.

    Each recipient comes in the language of the page the block is on, else as the German
    source: its name is marked ``lang="de"`` and the entry says "In German" in the page's
    language (``UNTRANSLATED_CONTENT = "hide"`` leaves those out, as the honours index does).
    Awards and organisations are named in the page's language where translated. Four queries,
    whatever the number of recipients.
    """

    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty for “Honours”."),
    )
    year = blocks.IntegerBlock(
        label=_("year"),
        required=False,
        min_value=1900,
        max_value=2200,
        help_text=_("Only the recipients of this year. Empty: all years."),
    )

    class Meta:
        icon = "pick"
        label = _("Honours")
        template = "integration_honours/blocks/honours.html"

    def get_recipients(self, value, content_locale):
        """The live, public recipients to show, newest year first; override this to narrow them."""
        recipients = HonourRecipientPage.objects.live().public()
        recipients = listed(recipients, content_locale).select_related("award", "organisation")
        if value.get("year"):
            recipients = recipients.filter(year=value["year"])
        return recipients.order_by("-year", "title", "pk")

    def get_context(self, value, parent_context=None):
        """Add ``recipients`` (each with ``is_fallback``, its award and organisation in the
        page's language) and ``locale``."""
        context = super().get_context(value, parent_context=parent_context)
        locale = block_locale(parent_context)
        content_locale = ContentLocale.of(locale)
        recipients = list(self.get_recipients(value, content_locale))
        awards = localize_many([r.award for r in recipients], content_locale, Award.objects.all())
        organisations = localize_many(
            [r.organisation for r in recipients], content_locale, Organisation.objects.all()
        )
        for recipient, award, organisation in zip(recipients, awards, organisations, strict=True):
            recipient.award, recipient.organisation = award, organisation
            recipient.is_fallback = is_fallback(recipient, content_locale)
        context["locale"] = locale
        context["recipients"] = recipients
        return context
