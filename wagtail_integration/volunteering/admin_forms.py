"""The coordinators' edit form of an offer of help, and who counts as a coordinator."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from ..localization import source_language
from ..submissions.workspace import SubmissionAdminForm
from ..topics.models import Topic

__all__ = ["COORDINATION_GROUP", "VolunteerInterestAdminForm", "coordinator_label", "coordinators"]

#: The group that follows up offers of help; created by a data migration of the submissions app.
COORDINATION_GROUP = "Volunteer coordination"


def coordinators(*, including=None):
    """Active members of the coordination group and superusers, by name.

    ``including`` (a user id) is kept in the list even when that user has left the group, so that
    an offer still assigned to them can be saved unchanged.
    """
    users = Q(groups__name=COORDINATION_GROUP) | Q(is_superuser=True)
    if including:
        users |= Q(pk=including)
    user_model = get_user_model()
    ordering = [name for name in ("last_name", "first_name") if _has_field(user_model, name)] + [
        user_model.USERNAME_FIELD
    ]
    return user_model.objects.filter(users, is_active=True).distinct().order_by(*ordering)


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def coordinator_label(user):
    """How a coordinator is named in choices: full name, else user name."""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name.strip() or user.get_username()


class CoordinatorChoiceField(forms.ModelChoiceField):
    """A choice of coordinator, labelled by name."""

    def label_from_instance(self, obj):
        return coordinator_label(obj)


class VolunteerInterestAdminForm(SubmissionAdminForm):
    """An offer of help as coordinators edit it: only coordinators can be assigned, and only the
    site's own topics (and those already chosen) offered as interests.

    A new note gets the current user as its author, and an offer entered in the admin is marked
    as such (:class:`~..submissions.workspace.SubmissionAdminForm`).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            field = self.fields["assigned_to"]
            self.fields["assigned_to"] = CoordinatorChoiceField(
                queryset=coordinators(including=self.instance.assigned_to_id),
                required=False,
                label=field.label,
                help_text=field.help_text,
                widget=forms.Select,
            )
        if "interests" in self.fields:
            # Topics exist once per language; offer the site's own, and whatever is chosen.
            chosen = self.instance.interests.all() if self.instance.pk else []
            self.fields["interests"].queryset = Topic.objects.filter(
                Q(locale__language_code=source_language())
                | Q(pk__in=[topic.pk for topic in chosen])
            ).order_by("sort_order", "name")
