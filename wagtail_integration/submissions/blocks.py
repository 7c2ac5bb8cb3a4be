"""StreamField blocks of the public forms, for the host site's own pages.

Add them to a StreamField like any block::

    from wagtail_integration.submissions.blocks import FormBlock

    body = StreamField([..., ("form", FormBlock())])

The block is ``<integration-form>`` for a host site that is Wagtail itself (docs/blocks.md).
Unlike the element it shows the form's introduction and a link to the form page rather than the
form itself. A form needs a fresh answer per visitor: the form page sends a single-use token
and a CSRF cookie with ``Cache-Control: no-cache``, and shows errors and the thank-you text
itself. A host page is cached (Wagtail's frontend cache, a CDN, the browser): a form in it
would hand every visitor the same token and a CSRF token that does not match their cookie, so
sending it would fail with a CSRF error or be taken for a resubmission. A link costs one click
and keeps all of that on the page that was made for it.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Page, get_page_models

from ..localization import ContentLocale, block_locale, is_fallback, localize
from .models import AbstractFormPage

__all__ = ["FormBlock", "FormPageChooserBlock", "form_page_models"]


def form_page_models():
    """The concrete page models of public forms: every subclass of :class:`AbstractFormPage`."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, AbstractFormPage) and not model._meta.abstract
    ]


class FormPageChooserBlock(blocks.PageChooserBlock):
    """A chooser of the pages of every public form (volunteering, nominations, …).

    The form page types are found when first needed, so that this app names none of the apps
    above it that define them.
    """

    @cached_property
    def target_models(self):
        return form_page_models() or [Page]


class FormBlock(blocks.StructBlock):
    """A public form (the volunteer form, the nomination form) announced on another page.

    Its title, introduction and a link to the form page, which shows the form, its errors and
    its thanks: see the module's docstring for why it is a link. The form page comes in the
    language of the page the block is on, else as its German source: then its title and
    introduction are marked ``lang="de"``, the link ``hreflang``, and the block says
    "In German" in the page's language. A form no longer published leaves a short notice.
    """

    form = FormPageChooserBlock(label=_("form"))
    heading = blocks.CharBlock(
        label=_("heading"),
        required=False,
        max_length=120,
        help_text=_("Leave empty to use the title of the form."),
    )
    link_text = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=60,
        help_text=_("Leave empty for “Go to the form”."),
    )

    class Meta:
        icon = "form"
        label = _("Form")
        template = "integration_submissions/blocks/form.html"

    def get_context(self, value, parent_context=None):
        """Add ``form_page`` (the version to link to, None when none is live),
        ``form_is_fallback`` and ``locale``."""
        context = super().get_context(value, parent_context=parent_context)
        locale = block_locale(parent_context)
        context["locale"] = locale
        context["form_page"] = None
        chosen = value.get("form")
        if chosen is not None:
            content_locale = ContentLocale.of(locale)
            version = localize(chosen, content_locale, Page.objects.live().public())
            if version is not None:
                context["form_page"] = version.specific
                context["form_is_fallback"] = is_fallback(version, content_locale)
        return context
