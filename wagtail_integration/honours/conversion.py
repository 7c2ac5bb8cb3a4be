"""The admin action "Create recipient page": a shortlisted or awarded nomination becomes a draft.

A confirmation, then a POST: the jury member chooses the honours index the page goes under
(when there is more than one), and must be allowed to add pages there. The nominee's name, kind
and work are copied (:meth:`.Nomination.create_recipient_page`); the nominator's data is not.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .models import HonourIndexPage, HonourRecipientPage, Nomination

__all__ = ["ConversionForm", "CreateRecipientPageView"]


class IndexChoiceField(forms.ModelChoiceField):
    """A choice of honours index, named by title, language and place in the site."""

    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.locale.get_display_name()}, {obj.url_path})"


class ConversionForm(forms.Form):
    """Which honours index the new recipient page goes under."""

    index = IndexChoiceField(
        label=_("Honours index"),
        help_text=_("The new page is created below this page, as a draft."),
        queryset=HonourIndexPage.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indexes = HonourIndexPage.objects.select_related("locale").order_by("path")
        field = self.fields["index"]
        field.queryset = indexes
        if len(indexes) == 1:
            # Nothing to choose: the one index is sent along, and named in the text above.
            field.initial = indexes[0].pk
            field.widget = forms.HiddenInput()


class CreateRecipientPageView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm, then create the draft recipient page and open it in the page editor."""

    permission_required = "change"
    template_name = "integration_honours/admin/create_recipient_page.html"
    form_class = ConversionForm
    page_title = _("Create recipient page")
    header_icon = "doc-empty"
    model = None
    index_url_name = None
    edit_url_name = None

    @cached_property
    def object(self):
        # Looked up only after the permission check: a user without it learns nothing.
        return get_object_or_404(Nomination, pk=unquote(str(self.kwargs["pk"])))

    @cached_property
    def edit_url(self):
        return reverse(self.edit_url_name, args=[self.object.pk])

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Nomination._meta.verbose_name_plural),
            },
            {"url": self.edit_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

    def refuse(self):
        """Back to the nomination, saying why, when it cannot become a page now."""
        nomination = self.object
        if nomination.recipient_page_id is not None:
            messages.warning(
                self.request,
                gettext("A recipient page was already created from this nomination."),
                buttons=[
                    messages.button(
                        reverse("wagtailadmin_pages:edit", args=[nomination.recipient_page_id]),
                        gettext("Edit the page"),
                    )
                ],
            )
            return redirect(self.edit_url)
        if nomination.anonymised_at is not None:
            messages.error(
                self.request,
                gettext("This nomination's data was erased: it cannot become a recipient page."),
            )
            return redirect(self.edit_url)
        if not nomination.can_create_recipient_page():
            messages.error(
                self.request,
                gettext(
                    "Only a shortlisted or awarded nomination can become a recipient page. "
                    "Change its status first."
                ),
            )
            return redirect(self.edit_url)
        if not HonourIndexPage.objects.exists():
            messages.error(
                self.request,
                gettext(
                    "There is no honours index page yet. Ask an editor to create one, then "
                    "create the recipient page."
                ),
            )
            return redirect(self.edit_url)
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nomination"] = self.object
        context["edit_url"] = self.edit_url
        indexes = context["form"].fields["index"].queryset
        context["only_index"] = indexes[0] if len(indexes) == 1 else None
        return context

    def form_valid(self, form):
        index = form.cleaned_data["index"]
        user = self.request.user
        if not (
            HonourRecipientPage.can_create_at(index)
            and index.permissions_for_user(user).can_add_subpage()
        ):
            hidden = isinstance(form.fields["index"].widget, forms.HiddenInput)
            form.add_error(
                None if hidden else "index",
                gettext(
                    "You may not add pages below “%(index)s”. Ask an editor who may to create "
                    "the recipient page, or to give you that permission."
                )
                % {"index": index.title},
            )
            return self.form_invalid(form)
        with transaction.atomic():
            # Locked and checked again: a second click creates no second page.
            nomination = Nomination.objects.select_for_update().get(pk=self.object.pk)
            if not nomination.can_create_recipient_page():
                return self.refuse_after_lock()
            page = nomination.create_recipient_page(index, user=user)
        messages.success(
            self.request,
            gettext(
                "Draft page “%(title)s” created from the nomination. Check the laudation and "
                "record the recipient's consent before publishing."
            )
            % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)

    def refuse_after_lock(self):
        self.__dict__.pop("object", None)
        return self.refuse() or redirect(self.edit_url)
