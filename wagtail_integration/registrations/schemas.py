"""The registrations' API schemas: one date with its seats and form, and a registration's answer."""

import uuid
from typing import Literal

from ninja import Field, Schema

from ..events.api import OccurrenceOut
from ..submissions.schemas import FieldOut, FieldsetOut

__all__ = ["OccurrenceDetailOut", "RegistrationFormOut", "RegistrationReceivedOut"]


class RegistrationFormOut(Schema):
    """Registration on this site for one date (or the course it belongs to)."""

    scope: Literal["date", "series"] = Field(
        description="`series`: one registration is for the whole course this date belongs to."
    )
    seats: int | None = Field(description="Seats in all; null when not limited.")
    seats_left: int | None = Field(description="Seats free now; null when not limited.")
    waiting_list: bool = Field(description="Whether people join a waiting list when it is full.")
    open: bool = Field(description="Whether a registration can be sent now.")
    message: str = Field(
        description="What to tell a visitor, in the requested language: the seats left, "
        "“Fully booked”, or why registration is not open."
    )
    submission_url: str = Field(description="Absolute URL to POST a registration to.")
    privacy_notice: str = Field(description="HTML: the notice the consent field refers to.")
    privacy_notice_version: str
    token: str = Field(description="Send it back as `form_token` (good for one registration).")
    fields: list[FieldOut]
    fieldsets: list[FieldsetOut]


class OccurrenceDetailOut(OccurrenceOut):
    """One date, as in `GET occurrences`, with registration on this site when it has one."""

    registration: RegistrationFormOut | None = Field(
        description="Null when the series takes no registrations on this site."
    )


class RegistrationReceivedOut(Schema):
    reference: uuid.UUID = Field(description="The registration's public reference.")
    status: Literal["confirmed", "waiting", "cancelled"] = Field(
        description="`confirmed`: a seat; `waiting`: on the waiting list; `cancelled` only when "
        "a registration's token is sent again after it was cancelled."
    )
    message: str = Field(description="What to tell the person, in their language.")
