"""The expression of interest form for a decoupled front end.

``GET /forms/{page_id}/`` describes the form: every question with its label, type, choices (the
coaches on offer included), whether it is required, help text and length limit. It is the same
for every visitor, so it is cached like any read (``ETag``, ``Cache-Control: public``).

``POST /forms/{page_id}/`` takes the answers as one JSON object and goes through exactly the same
validation, rules, storage and emails as the web page (``ExpressionOfInterestPage.receive_submission``).
It answers 201 with a reference and nothing else the leader sent, 400 with an error per field,
429 when rate-limited, never stored by a cache. An address that already has an expression of
interest open gets the same 201 (the mailbox owner is emailed instead), so the API never says who
has applied.

Double submission: the front end makes a ``submission_token`` (a random UUID) when the leader
starts filling in the form and sends it with every attempt; a send that is repeated (a double
click, a retry after a lost connection) stores one submission and answers the same reference.
The token is the client's, not part of the description, because a description that carried one
would be cached and shared, and every leader would send the same token.

CSRF: the POST takes only ``Content-Type: application/json`` (anything else is a 415). A page on
another site can make a browser send a form or a ``text/plain`` body anywhere, but not a JSON one
without a CORS preflight, which ``ApiMiddleware`` answers only for ``CORS_ALLOWED_ORIGINS``. That,
not a CSRF cookie (which a front end on another origin could not read), is what protects this
anonymous endpoint; the per-address rate limit and length limits bound what one sender can do.
"""

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from ninja import Path, Router, Status
from ninja.decorators import decorate_view

from cascading_pages.api.caching import private_answer, public_read
from cascading_pages.api.errors import Problem, problem_response
from cascading_pages.api.representation import is_public, rich_text
from cascading_pages.api.schemas import FormDescription, Received
from cascading_pages.client_address import client_address
from cascading_pages.interest import ratelimit
from cascading_pages.interest.forms import (
    HONEYPOT_FIELD,
    TOKEN_FIELD,
    CoachChoiceField,
    ExpressionOfInterestForm,
)
from cascading_pages.interest.pages import ExpressionOfInterestPage

router = Router(tags=["forms"])

#: Page ids are 32-bit in the database; a larger number in the path must be a 400, not a crash.
MAX_ID = 2**31 - 1
JSON_CONTENT_TYPE = "application/json"
PageId = Path(..., ge=1, le=MAX_ID, description="The form page's id, e.g. from `/pages/find/`.")


def form_page(page_id):
    return ExpressionOfInterestPage.objects.live().public().filter(pk=page_id).first()


def form_not_found():
    return problem_response(404, "There is no expression of interest form with this id.")


# -- Describing the form -------------------------------------------------------------------------


def field_type(field):
    widget = field.widget
    if isinstance(field, CoachChoiceField):
        return "coach"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(field, forms.BooleanField):
        return "checkbox"
    if isinstance(field, forms.MultipleChoiceField):
        return "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "multiselect"
    if isinstance(field, forms.ChoiceField):
        return "radio" if isinstance(widget, forms.RadioSelect) else "dropdown"
    if isinstance(field, forms.EmailField):
        return "email"
    if isinstance(field, forms.URLField):
        return "url"
    if isinstance(field, forms.DecimalField):
        return "number"
    if isinstance(field, forms.DateTimeField):
        return "datetime"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(widget, forms.Textarea):
        return "multiline"
    return "singleline"


def coach_choices(queryset, request=None):
    # get_url(request) looks the site's root paths up once per request, not once per coach
    # (each look-up is a cache read, which is a database query with the database cache).
    return [
        {"value": str(coach.pk), "label": coach.title, "url": coach.get_url(request)}
        for coach in queryset.only("title", "url_path")
    ]


def choices_for(field, coaches):
    """``field``'s choices; a coach field's are ``coaches`` (``coach_choices``: the form's coach
    fields offer the same coaches, read once)."""
    if isinstance(field, CoachChoiceField):
        return coaches
    if isinstance(field, forms.ChoiceField):
        return [{"value": str(value), "label": str(label)} for value, label in field.choices if value != ""]
    return []


def initial_value(value):
    if value in ("", None):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return str(value)


def describe(page, request=None):
    form = page.get_form(page=page)
    coaches = coach_choices(page.get_available_coaches(), request)
    fields = []
    for bound in form:
        if bound.name in (HONEYPOT_FIELD, TOKEN_FIELD):
            continue
        field = bound.field
        fields.append(
            {
                "name": bound.name,
                "label": str(field.label),
                "type": field_type(field),
                "required": field.required,
                "help_text": str(field.help_text),
                "max_length": getattr(field, "max_length", None),
                "choices": choices_for(field, coaches),
                "initial": initial_value(bound.initial),
            }
        )
    notice = page.privacy_notice
    return {
        "id": page.pk,
        "title": page.title,
        "introduction": page.introduction,
        "privacy_notice_url": notice.get_url(request) if notice is not None and is_public(notice) else None,
        "fields": fields,
        "reply_within_working_days": page.reply_within_working_days,
        "thank_you_text": rich_text(page.thank_you_text),
    }


@router.get(
    "/{page_id}/",
    response={200: FormDescription, 400: Problem, 404: Problem},
    summary="Describe an expression of interest form",
    operation_id="forms_detail",
)
@decorate_view(public_read())
def describe_form(request, page_id: int = PageId):
    """Its questions in order, with what each accepts. Only coaches taking new leaders are offered."""
    page = form_page(page_id)
    if page is None:
        return form_not_found()
    return describe(page, request)


# -- Receiving answers ---------------------------------------------------------------------------


class BadBody(Exception):
    """The body is not one JSON object of answers; ``detail`` says why."""

    def __init__(self, detail):
        super().__init__(detail)
        self.detail = detail


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def _has_lone_surrogate(value):
    """JSON may escape half a UTF-16 pair (``"\\udc00"``); no database or mail server can store it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(key) or _has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def parse_answers(request):
    """The request's JSON object, or ``BadBody``. Size is bounded by ``DATA_UPLOAD_MAX_MEMORY_SIZE``."""
    try:
        # NaN and Infinity are Python's extensions, not JSON; a body nested thousands deep is an attack.
        body = json.loads(request.body, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadBody("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise BadBody("Send the answers as one JSON object, keyed by the fields' names.")
    if _has_lone_surrogate(body):
        raise BadBody("The request body holds text that is not valid Unicode (a lone surrogate).")
    return body


def _expected_type(field, value):
    """What a JSON value for ``field`` must be, or None when ``value`` is one."""
    if isinstance(field, forms.BooleanField):
        return None if isinstance(value, bool) else "true or false"
    if isinstance(field, forms.MultipleChoiceField):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "a list of strings"
    if isinstance(field, CoachChoiceField):
        ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        return None if ok else "a coach's id, as a string or a whole number"
    if isinstance(field, forms.DecimalField):
        ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
        return None if ok else "a number or a string"
    return None if isinstance(value, str) else "a string"


def form_data_from_json(form_class, body):
    """Turn a JSON object into form data and a list of errors for unknown fields and wrong types."""
    fields = form_class.base_fields
    data, errors = {}, []
    for name, value in body.items():
        field = fields.get(name)
        if field is None:
            errors.append(_error("unknown_field", name, "This form has no such field."))
            continue
        if value is None:  # null is no answer, as an empty field is on the web page
            continue
        expected = _expected_type(field, value)
        if expected is not None:
            errors.append(_error("wrong_type", name, f"Expected {expected}."))
            continue
        data[name] = value
    return data, errors


def _error(kind, name, message):
    location = ["body"] if name in (None, NON_FIELD_ERRORS) else ["body", name]
    return {"type": kind, "loc": location, "msg": message}


def form_errors(form):
    """The form's errors in the API's shape: one per message, located at its field, in the form's order."""
    by_name = form.errors.as_data()
    order = [NON_FIELD_ERRORS, *form.fields]
    errors = []
    for name in sorted(by_name, key=lambda name: order.index(name) if name in order else len(order)):
        for error in by_name[name]:
            for message in error.messages:
                errors.append(_error(error.code or "invalid", name, str(message)))
    return errors


#: Documented by hand: the answers are checked by the page's form (which editors extend), so ninja
#: must not parse the body. Generated from the programme's own questions so it cannot drift.
def submission_schema():
    properties, required = {}, []
    for name, field in ExpressionOfInterestForm.base_fields.items():
        if name == HONEYPOT_FIELD:
            continue
        schema = _json_schema(field)
        if field.required:
            required.append(name)
        else:
            schema = {"anyOf": [schema, {"type": "null"}]}
        properties[name] = {**schema, "description": str(field.label)}
    properties[TOKEN_FIELD]["description"] = (
        "A random UUID the front end makes once per filled-in form and sends with every attempt, "
        "so that a repeated send stores one submission."
    )
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": {
            "description": "An answer to one of the editors' extra questions, by the name the "
            "description gives it.",
            "anyOf": [
                {"type": "string"},
                {"type": "boolean"},
                {"type": "number"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "null"},
            ],
        },
    }


def _json_schema(field):
    if isinstance(field, CoachChoiceField):
        return {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^[0-9]+$"}]}
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean", "enum": [True]} if field.required else {"type": "boolean"}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(value) for value, _ in field.choices if value != ""]}
    if isinstance(field, forms.UUIDField):
        return {"type": "string", "format": "uuid"}
    schema = {"type": "string"}
    if isinstance(field, forms.EmailField):
        schema["format"] = "email"
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema


@router.post(
    "/{page_id}/",
    response={
        201: Received,
        400: Problem,
        404: Problem,
        413: Problem,
        415: Problem,
        429: Problem,
    },
    summary="Send an expression of interest",
    operation_id="forms_submit",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {JSON_CONTENT_TYPE: {"schema": submission_schema()}},
        }
    },
)
@decorate_view(private_answer())
def submit_form(request, page_id: int = PageId):
    """The leader's answers, checked by the same rules as the web page, then stored and emailed.

    400 lists every problem as `{type, loc: ["body", <field>], msg}` (`loc: ["body"]` for the
    form as a whole), in the form's order, with messages written for the leader.
    """
    page = form_page(page_id)
    if page is None:
        return form_not_found()
    if request.content_type != JSON_CONTENT_TYPE:
        return problem_response(
            415, f"Send the answers as a JSON object with Content-Type: {JSON_CONTENT_TYPE}."
        )
    try:
        body = parse_answers(request)
    except RequestDataTooBig:
        return problem_response(413, "The request body is larger than any set of answers can be.")
    except BadBody as bad:
        return problem_response(400, bad.detail, [_error("invalid_body", None, bad.detail)])

    data, errors = form_data_from_json(page.get_form_class(), body)
    if errors:
        return problem_response(400, "Some answers are not of the right type.", errors)
    outcome = page.receive_submission(data, client_address(request))
    if outcome.rate_limited:
        _, period = ratelimit.limit_and_period()
        return problem_response(429, ratelimit.limited_message(), headers={"Retry-After": str(period)})
    if not outcome.accepted:
        return problem_response(400, "Some answers need to be corrected.", form_errors(outcome.form))
    reference = outcome.submission.submission_token if outcome.submission else outcome.form.data[TOKEN_FIELD]
    return Status(201, {"received": True, "reference": str(reference)})
