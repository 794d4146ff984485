"""Documents in the OpenAPI schema the RFC 9457 problem replies every API operation can give, so that clients and
the schema fuzzer know what a refusal looks like."""

from __future__ import annotations

from typing import Any

from partnership.core.problems import PROBLEM_CONTENT_TYPE

PROBLEM_COMPONENT = "Problem"
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An RFC 9457 problem document: what went wrong, never a stack trace.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": ["object", "array"],
            "description": "Messages keyed by field, for a request that was refused as invalid.",
        },
    },
    "required": ["type", "title", "status"],
}
PAGINATION = {"limit", "offset"}
UNAUTHORISED = "Not signed in: no token, or one that is not valid, has expired or was revoked"
INVALID = "The request is not valid; the fields at fault are listed"
NOT_FOUND = "No such record, or not one the signed-in person may see"


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": f"#/components/schemas/{PROBLEM_COMPONENT}"}}}


def _replies(operation: dict[str, Any]) -> dict[str, str]:
    """The refusals an operation can give, by status: every one can be unauthorised; one with parameters or a body
    can be invalid; one that names a record by its path or by a filter can find none."""
    parameters = operation.get("parameters", [])
    replies = {"401": UNAUTHORISED}
    if parameters or "requestBody" in operation:
        replies["400"] = INVALID
    if any(p["in"] == "path" or (p["in"] == "query" and p["name"] not in PAGINATION) for p in parameters):
        replies["404"] = NOT_FOUND
    return replies


def document_problems(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: add the problem replies to every operation, and give each documented
    error reply without a body the problem document as its body."""
    result.setdefault("components", {}).setdefault("schemas", {})[PROBLEM_COMPONENT] = PROBLEM_SCHEMA
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in _replies(operation).items():
                responses.setdefault(status, {"description": description})
            for status, response in responses.items():
                if status.startswith(("4", "5")) and "content" not in response:
                    response["content"] = _problem_content()
    return result
