"""The ninja schemas of the forms API (``submissions/api.py``)."""

import uuid
from typing import Literal

from ninja import Field, Schema

from ..api.locale import LocaleFilter, TranslatedSchema
from ..api.schemas import ErrorOut

__all__ = [
    "ChoiceOut",
    "ErrorOut",
    "FieldOut",
    "FieldType",
    "FieldsetOut",
    "FormDetailOut",
    "FormList",
    "FormOut",
    "SubmissionOut",
    "SubmissionQuery",
]

FieldType = Literal[
    "text",
    "email",
    "tel",
    "url",
    "number",
    "date",  # an <input> of that type
    "textarea",
    "select",
    "radio",
    "checkbox",
    "checkboxes",
]


class FormOut(TranslatedSchema):
    """A public form as lists show it."""

    id: int = Field(description="Page id of this language version.")
    kind: str = Field(description="What the form is for: `volunteer` (offers of help), …")
    title: str
    url: str | None = Field(description="Absolute URL of the form's page; null when not routable.")
    submission_url: str = Field(
        description="Absolute URL to POST a submission to, in the requested language."
    )


class FormList(Schema):
    count: int
    items: list[FormOut]


class ChoiceOut(Schema):
    value: str = Field(description="What to send.")
    label: str = Field(description="What to show, in the requested language.")


class FieldOut(Schema):
    """One field of a form, as a client needs it to render and send the field."""

    name: str = Field(description="The key of the field in the submission's JSON body.")
    type: FieldType = Field(
        description=(
            "How to ask: `text`, `email`, `tel`, `url`, `number`, `date` (an input of that "
            "type), `textarea`, `select` or `radio` (one of `choices`), `checkbox` (true or "
            "false), `checkboxes` (a list of any of `choices`)."
        )
    )
    label: str
    help_text: str
    required: bool
    max_length: int | None = Field(description="Most characters accepted; null when no limit.")
    choices: list[ChoiceOut] = Field(description="The values to choose from; empty when none.")
    initial: str | bool | list[str] | None = Field(
        description="The value preselected in the page's own form; null when none."
    )


class FieldsetOut(Schema):
    legend: str
    fields: list[str] = Field(description="Names of the fields of this group, in order.")


class FormDetailOut(FormOut):
    """A form with everything a client needs to render it natively and send it."""

    intro: str = Field(description="HTML.")
    privacy_notice: str = Field(description="HTML: the notice the consent field refers to.")
    privacy_notice_version: str = Field(
        description="Identifier of the notice's wording; stored with each submission."
    )
    token: str = Field(
        description=(
            "Send it back as `form_token` with the submission. It records when the form was "
            "handed out: a submission sooner than a few seconds or later than a day after is "
            "refused; fetch the form again for a new one."
        )
    )
    fields: list[FieldOut] = Field(description="The fields in order.")
    fieldsets: list[FieldsetOut] = Field(description="The fields in groups, each with a legend.")


class SubmissionQuery(LocaleFilter):
    source: str | None = Field(
        None,
        json_schema_extra={"enum": ["api", "embed"]},
        description="`api` (default) or `embed` (the package's embedded widget): where the "
        "submission is recorded as coming from.",
    )


class SubmissionOut(Schema):
    reference: uuid.UUID = Field(description="The submission's public reference.")
    message: str = Field(description="The thank-you text, HTML, in the submission's language.")
