"""Bulk actions on offers of help: change the status, assign a coordinator.

Wagtail runs a bulk action for anyone who can reach the admin and checks permissions per object
only, after listing the chosen objects; these actions refuse a user without permission on offers
before anything is shown (:class:`~..submissions.workspace.SubmissionBulkActionMixin`). Deleting
is the shared :class:`~..submissions.workspace.SubmissionDeleteBulkAction`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..submissions.workspace import SubmissionBulkActionMixin
from .admin_forms import CoordinatorChoiceField, coordinator_label, coordinators
from .models import Status, VolunteerInterest

__all__ = ["AssignBulkAction", "ChangeStatusBulkAction"]


class OfferBulkAction(SubmissionBulkActionMixin, SnippetBulkAction):
    """Base of the actions that change offers: each one saved on its own, and logged.

    The confirmation page (``integration_volunteering/admin/bulk_offers.html``) lists the chosen
    offers by name and status; subclasses give its texts.
    """

    models = [VolunteerInterest]
    template_name = "integration_volunteering/admin/bulk_offers.html"
    #: The page title, with ``%(counter)s`` for the number of offers (an ``ngettext_lazy``).
    confirm_title = None
    #: The heading of the page, the question asked above the offers, the button's text.
    confirm_heading = None
    confirm_question = None
    confirm_button = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            confirm_title=self.confirm_title % {"counter": len(context["items"])},
            confirm_heading=self.confirm_heading,
            confirm_question=self.confirm_question,
            confirm_button=self.confirm_button,
        )
        return context

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def save_each(cls, objects, user, **changes):
        """Set ``changes`` on every object and save it (so its status times are kept)."""
        for interest in objects:
            for name, value in changes.items():
                setattr(interest, name, value)
            interest.save()
            log(instance=interest, action="wagtail.edit", user=user, content_changed=True)
        return len(objects), 0


class StatusForm(forms.Form):
    """The status to set."""

    status = forms.ChoiceField(
        label=_("New status"), choices=Status.choices, widget=forms.RadioSelect
    )


class ChangeStatusBulkAction(OfferBulkAction):
    """Set the status of the chosen offers; the status times are set as on a single save."""

    display_name = _("Change status")
    action_type = "change_status"
    aria_label = _("Change the status of the selected offers of help")
    action_priority = 10
    form_class = StatusForm
    confirm_title = ngettext_lazy(
        "Change the status of %(counter)s offer of help",
        "Change the status of %(counter)s offers of help",
        "counter",
    )
    confirm_heading = _("Change status")
    confirm_question = _("Which status should these offers of help have?")
    confirm_button = _("Change status")

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "status": self.cleaned_form.cleaned_data["status"],
        }

    @classmethod
    def execute_action(cls, objects, status=None, user=None, **kwargs):
        return cls.save_each(objects, user, status=status)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d offer of help set to “%(status)s”.",
            "%(count)d offers of help set to “%(status)s”.",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "status": Status(self.cleaned_form.cleaned_data["status"]).label,
        }


class AssignForm(forms.Form):
    """The coordinator to assign, or nobody."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"] = CoordinatorChoiceField(
            label=_("Coordinator"),
            queryset=coordinators(),
            required=False,
            empty_label=_("nobody"),
        )


class AssignBulkAction(OfferBulkAction):
    """Assign the chosen offers to a coordinator (or to nobody)."""

    display_name = _("Assign")
    action_type = "assign"
    aria_label = _("Assign the selected offers of help to a coordinator")
    action_priority = 20
    form_class = AssignForm
    confirm_title = ngettext_lazy(
        "Assign %(counter)s offer of help", "Assign %(counter)s offers of help", "counter"
    )
    confirm_heading = _("Assign to a coordinator")
    confirm_question = _("Who should follow up these offers of help?")
    confirm_button = _("Assign")

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "coordinator": self.cleaned_form.cleaned_data["coordinator"],
        }

    @classmethod
    def execute_action(cls, objects, coordinator=None, user=None, **kwargs):
        return cls.save_each(objects, user, assigned_to=coordinator)

    def get_success_message(self, num_parent_objects, num_child_objects):
        coordinator = self.cleaned_form.cleaned_data["coordinator"]
        if coordinator is None:
            return ngettext(
                "%(count)d offer of help assigned to nobody.",
                "%(count)d offers of help assigned to nobody.",
                num_parent_objects,
            ) % {"count": num_parent_objects}
        return ngettext(
            "%(count)d offer of help assigned to %(name)s.",
            "%(count)d offers of help assigned to %(name)s.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "name": coordinator_label(coordinator)}
