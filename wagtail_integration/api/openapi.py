"""The last touches of the OpenAPI document, for what django-ninja does not say by itself.

The document must say what the API does and validate against the OpenAPI specification
(tests/api/test_openapi.py checks both, with openapi-spec-validator and schemathesis).
"""

from .schemas import ERROR_DESCRIPTIONS

__all__ = ["finish_document"]

_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before sending again.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
}
_ETAG = {
    "ETag": {
        "description": "The answer's version; send it as `If-None-Match` to get `304` while "
        "the content is unchanged. Absent when the site keeps no answers "
        "(`RESPONSE_CACHE_SECONDS` 0).",
        "schema": {"type": "string"},
    }
}
_NOT_MODIFIED = (
    "The content is unchanged since the answer whose `ETag` the request's `If-None-Match` "
    "names; no body."
)


def _without_null(schema):
    """``schema`` of an optional parameter without its ``null`` branch.

    pydantic describes ``str | None`` as ``anyOf: [string, null]``; a query parameter is either
    sent as text or left out, never null.
    """
    branches = schema.get("anyOf")
    if not branches:
        return schema
    kept = [branch for branch in branches if branch.get("type") != "null"]
    if len(kept) != 1:
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**kept[0], **rest}


def _finish_parameter(parameter):
    parameter["schema"] = _without_null(parameter["schema"])
    # A parameter's ``examples`` is a map of Example Objects; ninja copies the schema's list.
    examples = parameter.get("examples")
    if isinstance(examples, list):
        parameter["examples"] = {str(value): {"value": value} for value in examples}


def _finish_responses(responses):
    # ninja keys the responses by int; they are strings once the document is JSON.
    by_status = {int(status): response for status, response in responses.items()}
    for status, response in by_status.items():
        if status in ERROR_DESCRIPTIONS:
            response["description"] = ERROR_DESCRIPTIONS[status]
    if 429 in by_status:
        by_status[429].setdefault("headers", {}).update(_RETRY_AFTER)
    if 304 in by_status:
        by_status[304]["description"] = _NOT_MODIFIED
        for status in (200, 304):
            by_status[status].setdefault("headers", {}).update(_ETAG)


def finish_document(document):
    """Complete ``document`` (ninja's OpenAPI dict) in place and return it."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                _finish_parameter(parameter)
            _finish_responses(operation.get("responses", {}))
    return document
