"""The expression of interest form: the programme's own questions, then the editors' extra ones.

``build_form_class`` is what ``ExpressionOfInterestPage.get_form_class`` returns; the HTML page and
the JSON API both validate through it, so the rules cannot drift apart.
"""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm

from cascading_pages.coaches.models import CoachPage
from cascading_pages.interest.eligibility import BURSARY_CRITERIA, IncomeBand, Payment, assess

# Editors' questions get these limits; the programme's own fields declare theirs below.
EXTRA_TEXT_MAX_LENGTH = 255
EXTRA_LONG_TEXT_MAX_LENGTH = 2000
HONEYPOT_FIELD = "website"
TOKEN_FIELD = "submission_token"


class CoachChoiceField(forms.ModelChoiceField):
    """A coach offered on the form, saying why one that is not offered was refused."""

    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", "Choose a coach")
        super().__init__(queryset=CoachPage.objects.none(), **kwargs)

    def label_from_instance(self, coach):
        return coach.title

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if not (text.isdigit() and len(text) < 18):
            raise ValidationError(self.unavailable_message(value), code="invalid_choice")
        try:
            return super().to_python(text)
        except ValidationError:
            raise ValidationError(self.unavailable_message(value), code="invalid_choice") from None

    @staticmethod
    def unavailable_message(value):
        text = str(value)
        coach = None
        if text.isdigit() and len(text) < 18:
            coach = CoachPage.objects.live().public().filter(pk=int(text)).first()
        if coach is not None and coach.is_full:
            return f"{coach.title} is not taking new leaders at the moment. Please choose another coach."
        return "That coach is not in the directory at the moment. Please choose a coach from the list."


phone_validator = RegexValidator(
    re.compile(r"^\+?[0-9 ()\-]{6,30}$"),
    "Enter a phone number using digits, spaces and brackets, like 020 7946 0123.",
)


def _required(message):
    return {"required": message}


class ExpressionOfInterestForm(BaseForm):
    """The questions the programme always asks. Editors' questions are added by ``build_form_class``."""

    leader_name = forms.CharField(
        label="Your name",
        max_length=120,
        error_messages=_required("Enter your name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send a confirmation to this address.",
        error_messages={
            **_required("Enter your email address."),
            "invalid": "Enter an email address like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    role = forms.CharField(
        label="Your role",
        max_length=120,
        help_text="For example “Chief executive” or “Founder”.",
        error_messages=_required("Enter your role."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation = forms.CharField(
        label="Organisation name",
        max_length=200,
        error_messages=_required("Enter your organisation’s name."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    income_band = forms.ChoiceField(
        label="Your organisation’s annual income",
        choices=IncomeBand.choices,
        widget=forms.RadioSelect,
        error_messages={
            **_required("Choose your organisation’s annual income."),
            "invalid_choice": "Choose one of the income bands.",
        },
    )
    first_choice_coach = CoachChoiceField(
        label="The coach you would most like to work with",
        help_text="Only coaches who are taking new leaders are listed.",
        error_messages=_required("Choose the coach you would most like to work with."),
    )
    second_choice_coach = CoachChoiceField(
        label="Second choice of coach (optional)",
        required=False,
        help_text="In case your first choice cannot take you on.",
    )
    hopes = forms.CharField(
        label="What do you hope to get from coaching?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="A few sentences are enough. Your coach will read this.",
        error_messages=_required("Tell us what you hope to get from coaching."),
    )
    payment = forms.ChoiceField(
        label="How will the £800 cost be paid?",
        choices=Payment.choices,
        widget=forms.RadioSelect,
        error_messages={
            **_required("Choose how the £800 will be paid."),
            "invalid_choice": "Choose one of the ways to pay.",
        },
    )
    bursary_turnover_under_150k = forms.BooleanField(
        label=BURSARY_CRITERIA["bursary_turnover_under_150k"], required=False
    )
    bursary_under_represented = forms.BooleanField(
        label=BURSARY_CRITERIA["bursary_under_represented"], required=False
    )
    bursary_no_previous_support = forms.BooleanField(
        label=BURSARY_CRITERIA["bursary_no_previous_support"], required=False
    )
    privacy_consent = forms.BooleanField(
        label="I have read the privacy notice and agree to my information being used as it describes",
        error_messages=_required("Tick the box to agree to the privacy notice, so we can use your details."),
    )
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # A honeypot: hidden from people, filled in by bots. See ``receive``.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    extra_field_names = ()  # set by build_form_class
    programme_field_names = (
        "leader_name",
        "email",
        "phone",
        "role",
        "organisation",
        "income_band",
        "first_choice_coach",
        "second_choice_coach",
        "hopes",
        "payment",
        *BURSARY_CRITERIA,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coaches = self.page.get_available_coaches() if self.page is not None else CoachPage.objects.none()
        self.fields["first_choice_coach"].queryset = coaches
        self.fields["second_choice_coach"].queryset = coaches
        extra = [name for name in self.fields if name in self.extra_field_names]
        self.order_fields([*self.programme_field_names, *extra, "privacy_consent"])
        self.assessment = None
        if not self.is_bound:
            self.initial.setdefault(TOKEN_FIELD, uuid.uuid4())

    def error_summary(self):
        """``(anchor, message)`` for every error, in the form's order, for the summary at the top."""
        summary = [("", message) for message in self.non_field_errors()]
        for bound in self:
            if bound.errors and not bound.is_hidden:
                anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.id_for_label
                summary.extend((anchor, message) for message in bound.errors)
        return summary

    @property
    def bursary_fields(self):
        return [self[name] for name in BURSARY_CRITERIA]

    @property
    def extra_fields(self):
        return [self[name] for name in self.extra_field_names]

    def clean(self):
        data = super().clean()
        answers = {name: data.get(name, False) for name in BURSARY_CRITERIA}
        if "income_band" in data and "payment" in data:
            self.assessment = assess(data["income_band"], data["payment"], answers)
            for field, message in self.assessment.errors.items():
                self.add_error(field, message)
            if not self.assessment.bursary_requested:
                # The bursary questions only count when a bursary is asked for.
                data.update(dict.fromkeys(BURSARY_CRITERIA, False))
        first, second = data.get("first_choice_coach"), data.get("second_choice_coach")
        if first is not None and second is not None and first.pk == second.pk:
            self.add_error("second_choice_coach", "Choose a different coach for your second choice, or none.")
        return data

    def stored_data(self):
        """The answers as JSON-friendly values, as kept in the submission's ``form_data``."""
        stored = {}
        for name, value in self.cleaned_data.items():
            if name in (HONEYPOT_FIELD, TOKEN_FIELD):
                continue
            if isinstance(value, CoachPage):
                value = value.title
            elif value is None:
                value = ""
            stored[name] = value
        return stored


OPTIONAL_CHOICE_BLANK = "Choose an answer (optional)"


class LimitedFormBuilder(FormBuilder):
    """Wagtail's form builder, with a length limit on every kind of text an editor can ask for.

    An optional drop-down starts on a blank choice: Wagtail's shows its first option, which a
    leader who skipped the question would send (and the team would read) as their answer.
    """

    def create_dropdown_field(self, field, options):
        form_field = super().create_dropdown_field(field, options)
        if not field.required:
            form_field.choices = [("", OPTIONAL_CHOICE_BLANK), *form_field.choices]
        return form_field

    def create_multiline_field(self, field, options):
        options["max_length"] = EXTRA_LONG_TEXT_MAX_LENGTH
        return super().create_multiline_field(field, options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        return super().create_email_field(field, options)

    def create_url_field(self, field, options):
        options["max_length"] = 500
        return super().create_url_field(field, options)

    def create_number_field(self, field, options):
        options["max_digits"] = 15
        return super().create_number_field(field, options)

    def create_hidden_field(self, field, options):
        options["max_length"] = EXTRA_TEXT_MAX_LENGTH
        return super().create_hidden_field(field, options)


RESERVED_FIELD_NAMES = frozenset(
    [name for name in ExpressionOfInterestForm.base_fields] + ["submit_time", "status"]
)


def build_form_class(extra_fields):
    """The form class for a page: the programme's questions plus the editors' ``extra_fields``."""
    extra = {
        name: field
        for name, field in LimitedFormBuilder(extra_fields).formfields.items()
        if name not in RESERVED_FIELD_NAMES
    }
    attrs = {**extra, "extra_field_names": tuple(extra)}
    return type("ExpressionOfInterestForm", (ExpressionOfInterestForm,), attrs)


PROGRAMME_DATA_FIELDS = [
    (name, str(field.label))
    for name, field in ExpressionOfInterestForm.base_fields.items()
    if name not in (HONEYPOT_FIELD, TOKEN_FIELD)
]


class ExpressionOfInterestAdminForm(WagtailAdminFormPageForm):
    """The page editor's form: an extra question may not take the name of a programme question."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            name = form.instance.clean_name or form.instance.get_field_clean_name()
            if name in RESERVED_FIELD_NAMES:
                form.add_error(
                    "label",
                    f"The form already asks this (“{name}”) as one of the programme's questions. "
                    "Please word your question differently.",
                )
        return cleaned_data
