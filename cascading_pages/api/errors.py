"""Every error the API answers is JSON: ``{"status", "title", "detail", "errors"?}``.

A 500 on bad input is a bug, so each kind of bad input has a 4xx here: validation errors of
query, path and body parameters (400), unknown query parameters (400), missing things (404),
and, through ``ApiMiddleware``, methods not allowed (405) and paths the API does not have (404).
"""

from http import HTTPStatus

from django.http import Http404, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

# Plain JSON so every error matches the content type the OpenAPI document declares.
PROBLEM_CONTENT_TYPE = "application/json"


class Problem(Schema):
    """The body of every error response: the fields of RFC 9457 problem details, as plain JSON."""

    status: int
    title: str
    detail: str = ""
    errors: list[dict] | None = None


def problem_response(status, detail="", errors=None, headers=None):
    body = {"status": status, "title": HTTPStatus(status).phrase, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE, headers=headers)
    # Errors depend on the request, not on content: never store them in a shared cache.
    response["Cache-Control"] = "no-store"
    return response


def _jsonable_errors(errors):
    """Ninja's error dicts may carry exception objects in ``ctx``; keep what JSON can say."""
    cleaned = []
    for error in errors:
        error = {key: value for key, value in error.items() if key in ("type", "loc", "msg", "ctx")}
        if "ctx" in error:
            error["ctx"] = {key: str(value) for key, value in error["ctx"].items()}
        cleaned.append(error)
    return cleaned


def install_error_handlers(api):
    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return problem_response(400, "The request is not valid.", _jsonable_errors(exc.errors))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response(404, str(exc) or "Not found.")

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem_response(exc.status_code, str(exc))

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc):
        return problem_response(401, "Authentication required.")


def form_errors(form):
    """A Django form's reasons, one per problem, each naming its query parameter."""
    return [
        {"type": error.code or "invalid", "loc": ["query", name], "msg": message}
        for name, errors in form.errors.as_data().items()
        for error in errors
        for message in error.messages
    ]


def reject_unknown_query_params(request, allowed):
    """A 400 naming the query parameters this operation does not take, or None."""
    unknown = sorted(set(request.GET) - set(allowed))
    if not unknown:
        return None
    return problem_response(
        400,
        "Unknown query parameter(s): " + ", ".join(unknown),
        [
            {"type": "unknown_parameter", "loc": ["query", name], "msg": "Unknown parameter."}
            for name in unknown
        ],
    )


#: What every operation documents besides its 200: ``response={200: Schema, **ERROR_RESPONSES}``.
ERROR_RESPONSES = {400: Problem, 404: Problem}


#: What ``exact`` may be in a search: "" (correct the spelling) or "1" (the words as typed).
EXACT_CHOICES = ("", "1")


def invalid_exact(detail):
    """The 400 for an ``exact`` parameter other than ``EXACT_CHOICES``."""
    error = {
        "type": "invalid_choice",
        "loc": ["query", "exact"],
        "msg": "To search the words as typed, use exact=1.",
    }
    return problem_response(400, detail, [error])
