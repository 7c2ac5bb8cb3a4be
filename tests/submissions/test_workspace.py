"""The shared admin workspace of submissions (wagtail_integration/submissions/workspace.py).

Tried on both workspaces built on it, the coordinators' (offers of help) and the jury's
(nominations): each guard must hold for every submission model, not just the one it was
written for.
"""

import csv
import html
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from tests import factories
from wagtail_integration.honours.models import Award, Nomination, NominationNote
from wagtail_integration.registrations.models import Registration
from wagtail_integration.submissions.models import Source, submission_models
from wagtail_integration.submissions.workspace import (
    EXPORT_FIRST,
    EXPORT_HEADINGS,
    EXPORT_LAST,
    SubmissionDeleteBulkAction,
    submission_heading,
)
from wagtail_integration.volunteering.models import VolunteerInterest

pytestmark = pytest.mark.django_db

NAME = "Zora Unsichtbar"
EMAIL = "zora.unsichtbar@example.org"


def offer():
    return factories.volunteer_interest(NAME, email=EMAIL)


def nomination():
    return factories.nomination(nominee_name=NAME, email=EMAIL)


#: Per workspace: how to make a submission whose person is NAME, and a member of its group.
WORKSPACES = {
    "offers": (offer, factories.coordinator),
    "nominations": (nomination, factories.jury_member),
}


@pytest.fixture(params=sorted(WORKSPACES))
def workspace(request):
    """``(submission, member)``: a submission of one workspace and a member of its group."""
    make_submission, make_member = WORKSPACES[request.param]
    return make_submission(), make_member()


def url(submission, name, *args):
    return reverse(type(submission).snippet_viewset.get_url_name(name), args=args)


def bulk_url(submission, action):
    meta = submission._meta
    return reverse("wagtail_bulk_action", args=[meta.app_label, meta.model_name, action]) + (
        f"?id={submission.pk}"
    )


def admin_user(*codenames):
    """A user who may use the admin and holds the permissions ``codenames``, nothing else."""
    user = get_user_model().objects.create_user("redaktion", "r@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def assert_refused_without_the_person(response):
    assert response.status_code in (302, 403)
    body = response.content.decode()
    assert "Unsichtbar" not in body and EMAIL not in body


# -- the guards -------------------------------------------------------------------------------


def test_the_guarded_bulk_delete_replaces_wagtails_for_every_submission_model_and_only_those():
    # Registrations are submissions too, but no snippets: their workspace has no bulk actions.
    submissions = {VolunteerInterest, Nomination}
    assert set(submission_models()) == submissions | {Registration}
    assert set(SubmissionDeleteBulkAction.models) == submissions
    for model in submissions:
        action = bulk_action_registry.get_bulk_action_class(
            model._meta.app_label, model._meta.model_name, "delete"
        )
        assert action is SubmissionDeleteBulkAction
    award = bulk_action_registry.get_bulk_action_class("integration_honours", "award", "delete")
    assert award is DeleteBulkAction
    assert Award not in SubmissionDeleteBulkAction.models


def test_the_chooser_refuses_a_user_who_may_not_see_the_submissions(client, workspace):
    submission, _member = workspace
    client.force_login(admin_user())
    chooser = type(submission).snippet_viewset.chooser_viewset
    for address in [
        reverse(chooser.get_url_name("choose")),
        reverse(chooser.get_url_name("choose_results")) + "?q=Zora",
        reverse(chooser.get_url_name("chosen"), args=[submission.pk]),
    ]:
        assert_refused_without_the_person(client.get(address))


def test_the_chooser_serves_a_member_of_the_group(client, workspace):
    submission, member = workspace
    client.force_login(member)
    chooser = type(submission).snippet_viewset.chooser_viewset
    assert client.get(reverse(chooser.get_url_name("choose"))).status_code == 200


def test_the_bulk_delete_is_refused_before_any_submission_is_named(client, workspace):
    submission, _member = workspace
    client.force_login(admin_user())
    assert_refused_without_the_person(client.get(bulk_url(submission, "delete")))
    assert_refused_without_the_person(client.post(bulk_url(submission, "delete")))
    assert type(submission).objects.filter(pk=submission.pk).exists()


def test_the_bulk_delete_needs_the_delete_permission_not_just_any(client):
    submission = offer()
    client.force_login(admin_user("view_volunteerinterest", "change_volunteerinterest"))
    assert client.get(url(submission, "list")).status_code == 200
    assert_refused_without_the_person(client.get(bulk_url(submission, "delete")))


def test_a_member_of_the_group_deletes_in_bulk(client, workspace):
    submission, member = workspace
    client.force_login(member)
    assert client.get(bulk_url(submission, "delete")).status_code == 200
    assert client.post(bulk_url(submission, "delete")).status_code == 302
    assert not type(submission).objects.exists()


# -- names out of the audit log ---------------------------------------------------------------


@pytest.mark.parametrize("make, kind", [(offer, "Offer of help"), (nomination, "Nomination")])
def test_a_submission_is_named_by_number_so_no_log_entry_can_hold_a_name(make, kind):
    submission = make()
    # The kind is named in the active language, like any verbose name; the person never is.
    with translation.override("en"):
        assert str(submission) == f"{kind} #{submission.pk}"
    with translation.override("de"):
        expected = f"{capfirst(submission._meta.verbose_name)} #{submission.pk}"
        assert str(submission) == expected
    # Any code that logs, not only the workspace's views, writes the neutral label.
    log(instance=submission, action="wagtail.edit")
    assert NAME not in ModelLogEntry.objects.get().label


def test_the_workspace_writes_no_name_into_the_log_when_it_deletes(client, workspace):
    submission, member = workspace
    client.force_login(member)
    client.post(url(submission, "delete", submission.pk))
    assert not type(submission).objects.exists()
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Unsichtbar" in label for label in labels)


def test_an_offers_pages_name_the_person_and_a_nominations_pages_its_number():
    offer_ = offer()
    nomination_ = nomination()
    assert submission_heading(offer_) == NAME
    assert submission_heading(nomination_) == str(nomination_)
    offer_.anonymise()
    assert submission_heading(offer_) == str(offer_)


def test_the_delete_message_names_a_submission_as_its_page_did(client, workspace):
    submission, member = workspace
    client.force_login(member)
    # The admin speaks the request's language (the member has no admin language of their own),
    # and the message names a nomination by its number in that language.
    with translation.override("en"):
        heading = submission_heading(submission)
        response = client.post(
            url(submission, "delete", submission.pk), HTTP_ACCEPT_LANGUAGE="en", follow=True
        )
    [message] = [html.unescape(str(message)) for message in get_messages(response.wsgi_request)]
    assert f"'{heading}' deleted" in message
    assert "None" not in message


# -- the edit form, the export, the inspect view ----------------------------------------------


def test_the_admin_form_marks_an_entry_of_the_admin_and_makes_the_user_the_notes_author():
    member = factories.jury_member()
    form_class = Nomination.snippet_viewset.get_edit_handler().get_form_class()
    data = {
        "status": "received",
        "nominee_name": "Per Telefon",
        "nominee_work": "Nachbarschaftshilfe",
        "reason": "Seit Jahren",
        "nominator_name": "Max Beispiel",
        "email": "max@example.org",
        "delete_after": "2030-01-01",
        "notes-TOTAL_FORMS": "1",
        "notes-INITIAL_FORMS": "0",
        "notes-MIN_NUM_FORMS": "0",
        "notes-MAX_NUM_FORMS": "1000",
        "notes-0-text": "Am Telefon angenommen.",
        "notes-0-id": "",
    }
    form = form_class(data, instance=Nomination(), for_user=member)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.source, saved.language) == (Source.ADMIN, "de")
    assert NominationNote.objects.get(nomination=saved).author == member


def test_every_export_has_the_submissions_own_columns_first_and_last(client, workspace):
    submission, member = workspace
    client.force_login(member)
    response = client.get(url(submission, "list") + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))[:2]
    # Headings begin with a capital, whatever the catalog says.
    first = [capfirst(str(EXPORT_HEADINGS[name])) for name in EXPORT_FIRST]
    last = [capfirst(str(EXPORT_HEADINGS[name])) for name in EXPORT_LAST]
    assert header[: len(first)] == first
    assert header[-len(last) :] == last
    assert row[0] == str(submission.reference)


def test_the_inspect_view_shows_the_notes_and_the_emails_in_the_shared_sections(client, workspace):
    submission, member = workspace
    submission.notes.add(submission.notes.model(text="Rückruf vereinbart", author=member))
    submission.save()
    client.force_login(member)
    page = client.get(url(submission, "inspect", submission.pk)).content.decode()
    assert 'id="integration-submission-notes-heading"' in page
    assert 'id="integration-submission-outbox-heading"' in page
    assert "Rückruf vereinbart" in page
    assert NAME in page
