"""Expressions of interest: the form page leaders fill in, and what the programme team keeps.

This module holds the page; ``cascading_pages.interest.models`` holds what it stores. The page is a Wagtail form-builder page: editors add, reorder and reword extra questions, while the
questions the programme always needs are declared in ``cascading_pages.interest.forms`` and cannot
be deleted. Each submission is an ``ExpressionOfInterest`` with real columns for what the programme
team filters on, a history of its status, and a record of every email sent about it.

The page holds what the form says. What the programme does once a form is sent (its inbox, the days
a coach has to answer, one open expression of interest per leader) is the same for the whole site:
``cascading_pages.programme.models.ProgrammeSettings``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page

from cascading_pages.client_address import client_address
from cascading_pages.coaches.models import CoachPage
from cascading_pages.interest.eligibility import WHO_CAN_APPLY
from cascading_pages.interest.forms import (
    PROGRAMME_DATA_FIELDS,
    ExpressionOfInterestAdminForm,
    build_form_class,
)
from cascading_pages.interest.mail import queue_emails
from cascading_pages.interest.models import Event, ExpressionOfInterest, Status
from cascading_pages.interest.receive import receive
from cascading_pages.search.pages import PublicPagesIndex


class ExpressionOfInterestFormField(AbstractFormField):
    """An extra question an editor adds to the form, after the programme's own questions."""

    page = ParentalKey("ExpressionOfInterestPage", on_delete=models.CASCADE, related_name="form_fields")


class ExpressionOfInterestPage(PublicPagesIndex, AbstractForm):
    """The form a leader fills in to register interest in working with a coach."""

    parent_page_types = ["cascading_pages.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "cascading_pages/pages/expression_of_interest_page.html"
    landing_page_template = "cascading_pages/pages/expression_of_interest_page_landing.html"

    introduction = models.TextField(max_length=1000, blank=True)
    who_can_apply = RichTextField(
        "who can apply",
        blank=True,
        default=WHO_CAN_APPLY,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=(
            "Shown before the questions, so leaders know before they start. Keep it in step with the "
            "programme's rules: the form refuses organisations with an income of £500,000 or more."
        ),
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page the consent question links to.",
    )
    thank_you_text = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text="Shown after a leader sends the form, under what happens next.",
    )
    reply_within_working_days = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How soon leaders are told to expect to hear from their coach or the programme team.",
    )

    content_panels = Page.content_panels + [
        HelpPanel(
            "The programme inbox, the days coaches have to answer and the other follow-up rules are the "
            "same for the whole site: they are under <b>Settings › Programme settings</b>."
        ),
        FieldPanel("introduction"),
        FieldPanel("who_can_apply"),
        InlinePanel(
            "form_fields",
            heading="Extra questions",
            label="Question",
            help_text=(
                "Asked after the programme's own questions (name, contact details, organisation, "
                "income, coach, payment and bursary, consent), which are always on the form."
            ),
        ),
        FieldPanel("privacy_notice"),
        MultiFieldPanel(
            [FieldPanel("reply_within_working_days"), FieldPanel("thank_you_text")],
            heading="After sending",
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Form"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    class Meta:
        verbose_name = "expression of interest form"

    base_form_class = ExpressionOfInterestAdminForm
    # Wagtail's Forms section shows submissions to whoever can edit the form page; these are
    # leaders' personal data, shown only with this permission (interest/admin.py).
    submissions_permission = "cascading_pages.view_expressionofinterest"

    # How the site-wide search shows this page (see cascading_pages.search.site).
    search_result_type = "Form"

    def get_search_result_description(self):
        return self.introduction or self.search_description

    # --- the form -------------------------------------------------------------------------------

    def get_available_coaches(self):
        """Live, public coaches of this site who are taking new leaders, by name."""
        return (
            CoachPage.objects.descendant_of(self.get_parent())
            .live()
            .public()
            .accepting_new_leaders()
            .order_by("title", "pk")
        )

    def get_form_class(self):
        return build_form_class(self.get_form_fields())

    def get_data_fields(self):
        extra = [(field.clean_name, field.label) for field in self.get_form_fields()]
        return [("submit_time", "Submission date"), *PROGRAMME_DATA_FIELDS, *extra, ("status", "Status")]

    def get_submission_class(self):
        return ExpressionOfInterest

    def get_submissions_list_view_class(self):
        # Imported here, as Wagtail's own FormMixin does: admin views cannot be imported while
        # Django is still loading models (not a cycle: the admin module never imports this one).
        from cascading_pages.interest.admin import FormSubmissionsListView

        return FormSubmissionsListView

    # --- receiving a submission -----------------------------------------------------------------

    def receive_submission(self, data, client_ip):
        """Validate, store and announce one submission; shared by the page and the JSON API.

        ``client_ip`` is the sender's address as ``cascading_pages.client_address`` finds it (None
        when the request has none)."""
        return receive(self, data, client_ip)

    def build_submission(self, form):
        """The submission ``form`` describes, not saved: what the thank-you page shows."""
        data = form.cleaned_data
        coach = data["first_choice_coach"]
        return ExpressionOfInterest(
            page=self,
            submission_token=data["submission_token"],
            form_data=form.stored_data(),
            leader_name=data["leader_name"],
            email=data["email"],
            organisation=data["organisation"],
            coach=coach,
            second_choice_coach=data.get("second_choice_coach"),
            current_coach=coach,
            coach_name=coach.title,
            income_band=data["income_band"],
            payment=data["payment"],
            bursary_requested=form.assessment.bursary_requested,
        )

    def process_form_submission(self, form):
        """Store the submission, its first status record and its emails in one transaction.

        Returns ``(submission, created)``: a form sent twice (the same submission token) gives the
        submission stored the first time.
        """
        submission = self.build_submission(form)
        submission.asked_at = timezone.now()
        try:
            with transaction.atomic():
                submission.save()
                submission.status_changes.create(
                    status=Status.NEW,
                    event=Event.RECEIVED,
                    coach=submission.current_coach,
                    note="Received from the website.",
                )
                queue_emails(submission)
        except IntegrityError:
            existing = ExpressionOfInterest.objects.filter(
                submission_token=submission.submission_token
            ).first()
            if existing is None:
                raise
            return existing, False
        return submission, True

    # --- serving --------------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            outcome = self.receive_submission(request.POST, client_address(request))
            if outcome.accepted:
                return self.render_landing_page(request, outcome.submission, *args, **kwargs)
            form, status = outcome.form, 429 if outcome.rate_limited else 200
        else:
            form = self.get_form(page=self, user=request.user, initial=self.initial_from_query(request))
            status = 200
        context = self.get_context(request)
        context["form"] = form
        context["rate_limited"] = status == 429
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def initial_from_query(self, request):
        """``?coach=<id>`` preselects that coach, when they are offered on the form."""
        initial = {}
        coach_id = request.GET.get("coach", "")
        if (
            coach_id.isdigit()
            and len(coach_id) < 18
            and self.get_available_coaches().filter(pk=int(coach_id)).exists()
        ):
            initial["first_choice_coach"] = int(coach_id)
        return initial

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.get_context(request)
        context["form_submission"] = form_submission
        return TemplateResponse(request, self.get_landing_page_template(request), context)
