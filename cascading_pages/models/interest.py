"""Expressions of interest: the form page leaders fill in, and what the programme team keeps.

The page is a Wagtail form-builder page: editors add, reorder and reword extra questions, while the
questions the programme always needs are declared in ``cascading_pages.interest.forms`` and cannot
be deleted. Each submission is an ``ExpressionOfInterest`` with real columns for what the programme
team filters on, a history of its status, and a record of every email sent about it.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
    validate_to_address,
)
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..eligibility import IncomeBand, Payment
from ..interest.forms import (
    PROGRAMME_DATA_FIELDS,
    ExpressionOfInterestAdminForm,
    build_form_class,
    display_value,
)
from .coaches import CoachPage


class Status(models.TextChoices):
    NEW = "new", "New"
    COACH_CONTACTED = "coach-contacted", "Coach contacted"
    ACCEPTED = "accepted", "Accepted by the coach"
    COACHING_STARTED = "coaching-started", "Coaching started"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NOT_MATCHED = "not-matched", "Closed: no chosen coach could take it on"


# Waiting for the coach asked now to accept or decline.
AWAITING_ANSWER = (Status.NEW, Status.COACH_CONTACTED)
# A coaching relationship: counts against the coach's capacity.
ACTIVE = (Status.ACCEPTED, Status.COACHING_STARTED)
# A leader has at most one of these at a time (when the form page says so).
OPEN = AWAITING_ANSWER + ACTIVE


class Event(models.TextChoices):
    """What a step in a submission's history was, besides its status."""

    TEAM = "", "Set by the programme team"
    RECEIVED = "received", "Received and sent to the coach"
    REMINDED = "reminded", "Coach reminded"
    ACCEPTED = "accepted", "Accepted by the coach"
    DECLINED = "declined", "Declined by the coach"
    EXPIRED = "expired", "No answer from the coach in time"
    PASSED_ON = "passed-on", "Passed to the second-choice coach"
    NOT_MATCHED = "not-matched", "No chosen coach could take it on"


class BursaryDecision(models.TextChoices):
    AWAITING = "", "Awaiting a decision"
    AWARDED = "awarded", "Bursary awarded"
    NOT_AWARDED = "not-awarded", "Bursary not awarded"


class ExpressionOfInterestFormField(AbstractFormField):
    """An extra question an editor adds to the form, after the programme's own questions."""

    page = ParentalKey("ExpressionOfInterestPage", on_delete=models.CASCADE, related_name="form_fields")


class ExpressionOfInterestPage(AbstractEmailForm):
    """The form a leader fills in to register interest in working with a coach."""

    parent_page_types = ["cascading_pages.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "cascading_pages/pages/expression_of_interest_page.html"
    landing_page_template = "cascading_pages/pages/expression_of_interest_page_landing.html"

    introduction = models.TextField(max_length=1000, blank=True)
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
    # Following up: how long coaches have to answer, and how fresh profiles must be.
    days_to_answer = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(60)],
        help_text=(
            "Days a coach has to accept or decline. Without an answer by then (and at least two days "
            "after the reminder), the leader is passed to their second choice or told what to do next."
        ),
    )
    remind_after_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(59)],
        help_text="Days after asking a coach that one reminder is sent, if they have not answered.",
    )
    one_open_per_leader = models.BooleanField(
        "one open expression of interest per leader",
        default=True,
        help_text=(
            "A leader whose earlier expression of interest is still waiting or in coaching cannot send "
            "another; they are told kindly and emailed where the first one stands."
        ),
    )
    profile_check_days = models.PositiveSmallIntegerField(
        "ask coaches to confirm their profile every (days)",
        default=183,
        validators=[MinValueValidator(7), MaxValueValidator(1000)],
        help_text="183 days is about six months. Coaches get a “still accurate?” email with a one-click confirm.",
    )
    profile_lapse_days = models.PositiveSmallIntegerField(
        "unconfirmed profiles stop taking leaders after (days)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=(
            "Days after that email without a confirmation before the coach shows as not taking new "
            "leaders. The programme inbox is told."
        ),
    )
    reply_within_working_days = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How soon leaders are told to expect to hear from their coach or the programme team.",
    )
    # The programme inbox: required here, although Wagtail's email form makes it optional.
    to_address = models.CharField(
        "programme inbox",
        max_length=255,
        validators=[validate_to_address],
        help_text="Every expression of interest is emailed here. Separate several addresses with commas.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
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
    email_panels = [
        FieldPanel("to_address"),
        FieldPanel("from_address"),
        FieldPanel("subject", help_text="The subject of the programme inbox's email."),
    ]
    follow_up_panels = [
        MultiFieldPanel(
            [FieldPanel("days_to_answer"), FieldPanel("remind_after_days")], heading="Coaches' answers"
        ),
        FieldPanel("one_open_per_leader"),
        MultiFieldPanel(
            [FieldPanel("profile_check_days"), FieldPanel("profile_lapse_days")], heading="Fresh profiles"
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Form"),
            ObjectList(email_panels, heading="Email"),
            ObjectList(follow_up_panels, heading="Follow-up"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    class Meta:
        verbose_name = "expression of interest form"

    base_form_class = ExpressionOfInterestAdminForm

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
        from ..interest.admin import FormSubmissionsListView

        return FormSubmissionsListView

    # --- receiving a submission -----------------------------------------------------------------

    def receive_submission(self, data, client_ip):
        """Validate, store and announce one submission; shared by the page and the JSON API."""
        from ..interest.receive import receive

        return receive(self, data, client_ip)

    def process_form_submission(self, form, client_fingerprint=""):
        """Store the submission and its first status record in one transaction.

        Returns ``(submission, created)``: a form sent twice (the same submission token) gives the
        submission stored the first time.
        """
        data = form.cleaned_data
        token = data["submission_token"]
        now = timezone.now()
        try:
            with transaction.atomic():
                submission = ExpressionOfInterest.objects.create(
                    page=self,
                    submission_token=token,
                    form_data=form.stored_data(),
                    leader_name=data["leader_name"],
                    email=data["email"],
                    organisation=data["organisation"],
                    coach=data["first_choice_coach"],
                    second_choice_coach=data.get("second_choice_coach"),
                    current_coach=data["first_choice_coach"],
                    asked_at=now,
                    coach_name=data["first_choice_coach"].title,
                    income_band=data["income_band"],
                    payment=data["payment"],
                    bursary_requested=form.assessment.bursary_requested,
                    client_fingerprint=client_fingerprint,
                )
                submission.status_changes.create(
                    status=Status.NEW,
                    event=Event.RECEIVED,
                    coach=submission.current_coach,
                    note="Received from the website.",
                )
                submission.queue_emails()
        except IntegrityError:
            existing = ExpressionOfInterest.objects.filter(submission_token=token).first()
            if existing is None:
                raise
            return existing, False
        return submission, True

    def send_notifications(self, submission):
        """Send the emails queued for ``submission``; failures are recorded, never raised."""
        from ..interest.mail import send_queued_emails

        return send_queued_emails(submission)

    # --- serving --------------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            outcome = self.receive_submission(request.POST, client_ip_for(request))
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


def client_ip_for(request):
    """The address a request came from, read from the header the host names in settings."""
    header = getattr(settings, "CASCADING_INTEREST_CLIENT_IP_HEADER", "REMOTE_ADDR")
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For style headers list the original client first.
    return value.split(",")[0].strip()[:64]


class ExpressionOfInterestQuerySet(models.QuerySet):
    def for_email(self, email):
        return self.filter(email__iexact=email.strip())

    def older_than(self, days):
        return self.filter(submit_time__lt=timezone.now() - timedelta(days=days))

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def awaiting_answer(self):
        return self.filter(status__in=AWAITING_ANSWER, current_coach__isnull=False)

    def active(self):
        """Coaching relationships: what counts against a coach's capacity."""
        return self.filter(status__in=ACTIVE)

    def open(self):
        return self.filter(status__in=OPEN)

    def for_coach(self, coach):
        """What a coach sees: the expressions of interest they are asked about or have taken on."""
        return self.filter(current_coach=coach)


class ExpressionOfInterest(AbstractFormSubmission):
    """One leader's expression of interest in working with a coach."""

    submission_token = models.UUIDField(
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text="Sent with the form, so that the same form sent twice is stored once.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    notes = models.TextField(blank=True, max_length=10_000, help_text="Private notes for the programme team.")
    bursary_decision = models.CharField(
        max_length=20, choices=BursaryDecision.choices, blank=True, default=BursaryDecision.AWAITING
    )

    leader_name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254, db_index=True)
    organisation = models.CharField(max_length=200)
    coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expressions_of_interest",
        verbose_name="first-choice coach",
    )
    second_choice_coach = models.ForeignKey(
        CoachPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coach_name = models.CharField(max_length=255, help_text="The first-choice coach's name when sent.")
    income_band = models.CharField(max_length=20, choices=IncomeBand.choices)
    payment = models.CharField(max_length=20, choices=Payment.choices)
    bursary_requested = models.BooleanField(default=False, db_index=True)

    # The coach asked now (the first choice, then the second if it is passed on), and their answer.
    current_coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_expressions_of_interest",
        verbose_name="coach asked now",
    )
    asked_at = models.DateTimeField(null=True, blank=True, help_text="When the coach asked now was asked.")
    reminded_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True, help_text="When the coach accepted: the start.")
    passed_on_at = models.DateTimeField(null=True, blank=True, help_text="When it went to the second choice.")
    coach_message = models.TextField(
        blank=True, max_length=2000, help_text="The coach's message with their answer, sent to the leader."
    )

    client_fingerprint = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="A keyed hash of the sender's address."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        ordering = ["-submit_time", "-pk"]
        indexes = [models.Index(fields=["submit_time"], name="eoi_submit_time_idx")]

    def __str__(self):
        return f"{self.leader_name or 'Anonymised'} for {self.coach_name} ({self.submit_time:%d %b %Y})"

    def get_data(self):
        data = {name: display_value(name, value) for name, value in self.form_data.items()}
        return {**data, "submit_time": self.submit_time, "status": self.get_status_display()}

    def set_status(self, status, by=None, note="", event=Event.TEAM, coach=None):
        """Change the status, keeping the history, in one transaction."""
        with transaction.atomic():
            self.status = status
            self.save(update_fields=["status"])
            self.status_changes.create(status=status, changed_by=by, note=note, event=event, coach=coach)

    @property
    def round(self):
        """1 while the first-choice coach is asked, 2 once it has been passed to the second."""
        return 2 if self.passed_on_at else 1

    @property
    def is_awaiting_answer(self):
        return self.status in AWAITING_ANSWER and self.current_coach_id is not None

    def queue_emails(self):
        from ..interest.mail import queue_emails

        queue_emails(self)

    @property
    def has_email_problems(self):
        return self.emails.exclude(state=InterestEmail.State.SENT).exists()


class ExpressionOfInterestStatusChange(models.Model):
    """A step in an expression of interest's history: who set which status, when and why."""

    submission = models.ForeignKey(
        ExpressionOfInterest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    event = models.CharField(max_length=20, choices=Event.choices, blank=True, default=Event.TEAM)
    coach = models.ForeignKey(
        CoachPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The coach this step is about (asked, reminded, accepting or declining).",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "status change"

    def __str__(self):
        return f"{self.get_status_display()} at {self.changed_at:%d %b %Y %H:%M}"


class InterestEmail(models.Model):
    """One email about an expression of interest: queued with it, then sent, or failed and kept."""

    class Recipient(models.TextChoices):
        PROGRAMME = "programme", "Programme inbox"
        COACH = "coach", "Coach"
        LEADER = "leader", "Leader (confirmation)"

    class Kind(models.TextChoices):
        RECEIVED = "received", "Received"
        REMINDER = "reminder", "Reminder to answer"
        OFFER = "offer", "Asked as second choice"
        ACCEPTED = "accepted", "Accepted"
        PASSED_ON = "passed-on", "Passed to the second choice"
        NOT_MATCHED = "not-matched", "No coach could take it on"
        ALREADY_OPEN = "already-open", "Where the open expression of interest stands"

    class State(models.TextChoices):
        QUEUED = "queued", "Not sent yet"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    submission = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="emails")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RECEIVED)
    # 1 for the first-choice coach, 2 after it is passed on: each email goes once per round.
    round = models.PositiveSmallIntegerField(default=1)
    to_address = models.CharField(max_length=1000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "email about an expression of interest"
        verbose_name_plural = "emails about expressions of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "recipient", "kind", "round"], name="one_email_of_a_kind_per_round"
            )
        ]

    def __str__(self):
        return (
            f"{self.get_recipient_display()}, {self.get_kind_display().lower()}: {self.get_state_display()}"
        )
