"""What every router of the API shares: the error document, paging, ids and local times.

Every integer a request can send has bounds in the schema, so that no number reaches the
database that it cannot take (SQLite and PostgreSQL stop at 2^63 - 1): a value outside them is a
400 naming the parameter, a path id outside them a 404.
"""

import datetime as dt
import math
from typing import Annotated

from ninja import Field, Path, Schema
from ninja.conf import settings as ninja_settings
from pydantic import WithJsonSchema

__all__ = [
    "ERROR_DESCRIPTIONS",
    "MAX_ID",
    "MAX_OFFSET",
    "ErrorOut",
    "LocalTime",
    "ObjectId",
    "PageInput",
    "error_responses",
    "query_names",
]

#: The largest id any table of a site can hold (a 64-bit signed integer).
MAX_ID = 2**63 - 1

#: The largest ``offset`` a list accepts: far beyond any list, and small enough that offset plus
#: limit stays within every database's integers.
MAX_OFFSET = 2**31 - 1

#: Items per page without ``limit``, and the most a request may ask for: django-ninja's settings
#: ``NINJA_PAGINATION_PER_PAGE`` and ``NINJA_PAGINATION_MAX_LIMIT``, the latter 100 when unset.
DEFAULT_LIMIT = ninja_settings.PAGINATION_PER_PAGE
MAX_LIMIT = (
    int(ninja_settings.PAGINATION_MAX_LIMIT)
    if math.isfinite(ninja_settings.PAGINATION_MAX_LIMIT)
    else max(DEFAULT_LIMIT, 100)
)


class ErrorOut(Schema):
    """The API's error document."""

    detail: str = Field(description="What went wrong, in the requested language.")
    errors: dict[str, list[str]] = Field(
        description="Messages per parameter or field to correct, in the requested language; "
        "`__all__` for the request as a whole. Empty when no parameter is at fault."
    )


#: What each error status of the API means, as the OpenAPI document describes it.
ERROR_DESCRIPTIONS = {
    400: "A parameter or the body is not valid; `errors` names each one with its messages.",
    404: "No live, public object has this id.",
    413: "The body is larger than the site accepts (`SUBMISSION_MAX_BODY_KB`).",
    415: "The body is not `application/json`.",
    429: "Too many requests from this address; `Retry-After` says when to send again.",
}


def query_names(*schemas):
    """The names of the query parameters that ``schemas`` (ninja ``Query`` schemas) read."""
    return frozenset(
        field.alias or name for schema in schemas for name, field in schema.model_fields.items()
    )


def error_responses(*statuses):
    """``{status: ErrorOut}`` for an operation's ``response``, one entry per status it answers."""
    return dict.fromkeys(statuses, ErrorOut)


class PageInput(Schema):
    """The ``limit`` and ``offset`` query parameters of every list."""

    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=f"How many items to answer, 1 to {MAX_LIMIT}.",
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="How many items to skip before the first one answered.",
    )


#: A path parameter naming an object by its id (a page id for pages). An id that is not a
#: whole number from 1 to MAX_ID names nothing: the API answers 404 (see ``api/errors.py``).
ObjectId = Annotated[
    int,
    Path(
        ...,
        ge=1,
        le=MAX_ID,
        description="Page id of any language version of the object.",
    ),
]

#: A wall-clock time without offset, as a series' time zone reads it. Not ``format: time``,
#: which in OpenAPI (RFC 3339) requires an offset.
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$",
            "description": "Local wall-clock time, HH:MM:SS, without UTC offset.",
            "examples": ["19:00:00"],
        }
    ),
]
