"""The expression of interest form for a decoupled front end.

``GET /forms/<page id>/`` describes the form: every question with its label, type, choices (the
coaches on offer included), whether it is required, help text and length limit, and a fresh
submission token. ``POST /forms/<page id>/`` takes the answers as a JSON object and goes through
exactly the same validation, rules, storage and emails as the web page: 201 when received, 400
with per-field errors, 429 when rate-limited.

Only a JSON body is accepted, so a browser on another site cannot post here without a CORS
preflight: that, not a CSRF cookie, is what protects this anonymous endpoint.
"""

import json
from typing import Any

from django import forms
from ninja import Path, Router, Schema, Status

from ..interest.forms import HONEYPOT_FIELD, TOKEN_FIELD, CoachChoiceField
from ..models.interest import ExpressionOfInterestPage, client_ip_for

router = Router(tags=["forms"])

#: Page ids are 32-bit in the database; a larger number in the path must be a 400, not a crash.
MAX_ID = 2**31 - 1


class Choice(Schema):
    value: str
    label: str
    url: str | None = None


class FieldDescription(Schema):
    name: str
    label: str
    type: str
    required: bool
    help_text: str
    max_length: int | None = None
    choices: list[Choice] = []
    initial: Any = None


class FormDescription(Schema):
    id: int
    title: str
    introduction: str
    privacy_notice_url: str | None
    submission_token: str
    fields: list[FieldDescription]


class Errors(Schema):
    errors: dict[str, list[str]]


class Received(Schema):
    received: bool
    reference: str


NOT_FOUND = {"errors": {"__all__": ["There is no expression of interest form with this id."]}}


def _form_page(page_id):
    return ExpressionOfInterestPage.objects.live().public().filter(pk=page_id).first()


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


def choices_for(field):
    if isinstance(field, CoachChoiceField):
        return [{"value": str(coach.pk), "label": coach.title, "url": coach.url} for coach in field.queryset]
    if isinstance(field, forms.ChoiceField):
        return [{"value": str(value), "label": str(label)} for value, label in field.choices if value != ""]
    return []


def describe(page):
    form = page.get_form(page=page)
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
                "choices": choices_for(field),
                "initial": bound.initial if bound.initial not in ("", None) else None,
            }
        )
    return {
        "id": page.pk,
        "title": page.title,
        "introduction": page.introduction,
        "privacy_notice_url": page.privacy_notice.url if page.privacy_notice else None,
        "submission_token": str(form.initial[TOKEN_FIELD]),
        "fields": fields,
    }


def form_data_from_json(form_class, body):
    """Turn a JSON object into form data, or ``(None, errors)`` when a value has the wrong type."""
    fields = form_class.base_fields
    data, errors = {}, {}
    for name, value in body.items():
        field = fields.get(name)
        if field is None:
            errors[name] = ["This form has no such field."]
            continue
        if value is None:
            continue
        if isinstance(field, forms.BooleanField):
            ok = isinstance(value, bool)
            expected = "true or false"
        elif isinstance(field, forms.MultipleChoiceField):
            ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
            expected = "a list of strings"
        elif isinstance(field, (CoachChoiceField, forms.DecimalField)):
            ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
            expected = "a number or a string"
        else:
            ok = isinstance(value, str)
            expected = "a string"
        if not ok:
            errors[name] = [f"Expected {expected}."]
            continue
        data[name] = value
    return data, errors


def _errors(form):
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


@router.get("/{page_id}/", response={200: FormDescription, 404: Errors}, summary="Describe a form")
def describe_form(request, page_id: int = Path(..., ge=1, le=MAX_ID)):
    page = _form_page(page_id)
    if page is None:
        return Status(404, NOT_FOUND)
    return Status(200, describe(page))


@router.post(
    "/{page_id}/",
    response={201: Received, 400: Errors, 404: Errors, 429: Errors},
    summary="Send an expression of interest",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
        }
    },
)
def submit_form(request, page_id: int = Path(..., ge=1, le=MAX_ID)):
    page = _form_page(page_id)
    if page is None:
        return Status(404, NOT_FOUND)
    if request.content_type != "application/json":
        message = "Send the answers as a JSON object with Content-Type: application/json."
        return Status(400, {"errors": {"__all__": [message]}})
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return Status(400, {"errors": {"__all__": ["The request body is not valid JSON."]}})
    if not isinstance(body, dict):
        return Status(400, {"errors": {"__all__": ["Send the answers as a JSON object."]}})

    data, type_errors = form_data_from_json(page.get_form_class(), body)
    if type_errors:
        return Status(400, {"errors": type_errors})
    outcome = page.receive_submission(data, client_ip_for(request))
    if outcome.rate_limited:
        return Status(429, {"errors": _errors(outcome.form)})
    if not outcome.accepted:
        return Status(400, {"errors": _errors(outcome.form)})
    reference = outcome.submission.submission_token if outcome.submission else outcome.form.data[TOKEN_FIELD]
    return Status(201, {"received": True, "reference": str(reference)})
