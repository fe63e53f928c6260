"""The programme team's admin: expressions of interest to follow up, and the take-up overview."""

import datetime
import io
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.forms.utils import get_form_types
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachPage
from cascading_pages.interest import overview
from cascading_pages.interest.exports import SafeSpreadsheetExportMixin
from cascading_pages.interest.mail import answers_for
from cascading_pages.interest.models import Event, ExpressionOfInterest, Status, email_description
from cascading_pages.interest.progress import Progress, progress_label, with_progress
from cascading_pages.mail import outbox
from cascading_pages.mail.admin import report_sent_again
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.modeladmin import PermissionCheckedHistoryView


class MonthFilter(SimpleListFilter):
    title = "month received"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = ExpressionOfInterest.objects.datetimes("submit_time", "month", order="DESC")
        return [(month.strftime("%Y-%m"), month.strftime("%B %Y")) for month in months]

    def queryset(self, request, queryset):
        value = self.value() or ""
        year, _, month = value.partition("-")
        if year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12:
            return queryset.filter(submit_time__year=int(year), submit_time__month=int(month))
        return queryset


class ProgressFilter(SimpleListFilter):
    """Where each one stands (``interest.progress``): "Coach emailed", "Accepted by the coach"..."""

    title = "status"
    parameter_name = "progress"

    def lookups(self, request, model_admin):
        return Progress.choices

    def queryset(self, request, queryset):
        if self.value() in Progress.values:
            return queryset.filter(progress=self.value())
        return queryset


class CoachFilter(SimpleListFilter):
    """Each coach once: those chosen first, chosen second or asked now, by name."""

    title = "coach"
    parameter_name = "coach"

    def lookups(self, request, model_admin):
        chosen = ExpressionOfInterest.objects.all()
        coaches = CoachPage.objects.filter(
            Q(pk__in=chosen.values("coach"))
            | Q(pk__in=chosen.values("current_coach"))
            | Q(pk__in=chosen.values("second_choice_coach"))
        ).order_by("title", "pk")
        return [(str(coach.pk), coach.title) for coach in coaches]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.isdigit() and len(value) < 18:
            pk = int(value)
            return queryset.filter(Q(coach=pk) | Q(current_coach=pk) | Q(second_choice_coach=pk))
        return queryset


class RegionFilter(SimpleListFilter):
    title = "first-choice coach's region"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        chosen = CoachPage.objects.filter(pk__in=ExpressionOfInterest.objects.values("coach"))
        regions = chosen.values_list("regions__pk", "regions__name").exclude(regions__isnull=True)
        return sorted(set(regions), key=lambda region: region[1])

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.isdigit() and len(value) < 18:
            return queryset.filter(coach__regions=int(value)).distinct()
        return queryset


class EmailProblemFilter(SimpleListFilter):
    title = "emails"
    parameter_name = "emails"

    def lookups(self, request, model_admin):
        return [("problems", "Not sent or failed"), ("sent", "All sent")]

    def queryset(self, request, queryset):
        unsent = OutboxEmail.objects.unsent().about_model(ExpressionOfInterest).values("about_id")
        if self.value() == "problems":
            return queryset.filter(pk__in=unsent)
        if self.value() == "sent":
            return queryset.exclude(pk__in=unsent)
        return queryset


class SubmissionPermissionHelper(PermissionHelper):
    """Expressions of interest come from leaders: the admin follows them up, never invents one, and
    never deletes one (only the erasure command does, for a leader's data request)."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class SubmissionButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if getattr(obj, "unsent_emails", 0) and self.permission_helper.user_can_edit_obj(
            self.request.user, obj
        ):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("resend", obj.pk),
                    "label": "Re-send emails",
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": "Try again to send the emails that failed",
                }
            )
        return buttons


class SubmissionIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The list of expressions of interest, exported without spreadsheet formulas.

    Its template lays the filters beside the list without covering it, and lets the team select
    rows to change their status together (``BulkStatusView``)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bulk_status_url"] = self.url_helper.get_action_url("bulk_status")
        context["user_can_edit"] = self.permission_helper.user_can_edit_obj(self.request.user, None)
        context["chosen_filters"] = sum(1 for spec in self.filter_specs if spec.used_parameters)
        return context


class FormSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """The form builder's list of submissions, exported without spreadsheet formulas, and without
    Wagtail's "Delete selected submissions": the erasure command alone deletes them."""

    results_template_name = "cascading_pages/admin/form_submissions_results.html"


def form_pages_for_submissions(user, form_pages):
    """Wagtail's Forms section lists, exports and deletes a form's submissions for anyone who can
    edit the form page. A form page type that names a ``submissions_permission`` (the expression of
    interest form does) shows its submissions only to users who have that permission.

    Registered as Wagtail's ``filter_form_submissions_for_user`` hook, which every view of the Forms
    section and its menu item consult.
    """
    hidden = [
        content_type
        for content_type in get_form_types()
        if (permission := getattr(content_type.model_class(), "submissions_permission", None))
        and not user.has_perm(permission)
    ]
    return form_pages.exclude(content_type__in=hidden) if hidden else form_pages


class AnswersPanel(Panel):
    """The leader's answers, read-only, where the team decides: what they sent and where it stands."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cascading_pages/admin/includes/interest_answers_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            submission = self.instance
            context["progress"] = progress_label(
                with_progress(ExpressionOfInterest.objects.filter(pk=submission.pk)).first() or submission
            )
            context["answers"] = answers_for(submission, submission.page.specific)
            context["submission"] = submission
            return context


class SubmissionEditView(EditView):
    """The decision screen: the leader's answers beside status, bursary decision and notes.

    Saving a new status also records who changed it, in the same transaction."""

    def form_valid(self, form):
        previous = form.initial.get("status")
        with transaction.atomic():
            response = super().form_valid(form)
            if self.instance.status != previous:
                self.instance.status_changes.create(
                    status=self.instance.status,
                    changed_by=self.request.user,
                    coach=self.instance.current_coach,
                )
                if self.instance.current_coach is not None:
                    # A relationship completed or withdrawn frees a place with the coach.
                    availability.refresh(self.instance.current_coach)
        return response


def _answers_html(submission):
    rows = answers_for(submission, submission.page.specific)
    return format_html(
        '<dl class="interest-answers">{}</dl>', format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)
    )


def _status_history_html(submission):
    rows = [
        (
            change.changed_at.strftime("%d %b %Y %H:%M"),
            change.get_event_display() if change.event else "Status set",
            change.coach.title if change.coach else "",
            change.get_status_display(),
            change.changed_by or ("Website" if change.event == Event.RECEIVED else "Automatic"),
            change.note,
        )
        for change in submission.status_changes.select_related("changed_by", "coach")
    ]
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} {} → {} (by {}) {}</li>", rows))


def _email_history_html(submission):
    rows = []
    for email in submission.emails.all():
        recipient, kind = email_description(email)
        rows.append(
            (recipient, kind.lower(), email.to, email.get_state_display(), email.attempts, email.last_error)
        )
    return format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{} ({}) &lt;{}&gt;: <strong>{}</strong> after {} attempt(s) {}</li>", rows),
    )


class SubmissionInspectView(InspectView):
    """Shows the leader's answers, the status history and every email with its outcome."""

    extra_fields = {
        "answers": ("Answers", _answers_html),
        "status_history": ("Status history", _status_history_html),
        "email_history": ("Emails", _email_history_html),
    }

    def get_field_label(self, field_name, field=None):
        if field_name in self.extra_fields:
            return self.extra_fields[field_name][0]
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field=None):
        if field_name in self.extra_fields:
            return self.extra_fields[field_name][1](self.instance)
        return super().get_field_display_value(field_name, field)


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=[("", "Choose a status"), *Status.choices])
    note = forms.CharField(label="Note for the status history (optional)", required=False, max_length=2000)


class BulkStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Change the status of the selected expressions of interest together, after a confirmation.

    Each is permission-checked as the edit view checks one, and each change is a row in its own
    status history, as if it had been changed on its own.
    """

    model_admin = None
    template_name = "cascading_pages/admin/interest_bulk_status.html"
    page_title = "Change the status of several expressions of interest"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        helper = self.model_admin.permission_helper
        if not helper.user_can_edit_obj(request.user, None):
            raise PermissionDenied
        ids = request.POST.getlist("id") if request.method == "POST" else request.GET.getlist("id")
        ids = {int(pk) for pk in ids if pk.isdigit() and len(pk) < 18}
        self.index_url = self.model_admin.url_helper.index_url
        self.submissions = [
            submission
            for submission in with_progress(
                self.model_admin.get_queryset(request).filter(pk__in=ids)
            ).order_by("-submit_time", "-pk")
            if helper.user_can_edit_obj(request.user, submission)
        ]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not self.submissions:
            messages.warning(request, "Select one or more expressions of interest first.")
            return redirect(self.index_url)
        return self.render_to_response(self.get_context_data(form=BulkStatusForm()))

    def post(self, request, *args, **kwargs):
        form = BulkStatusForm(request.POST)
        if not self.submissions:
            messages.warning(request, "Select one or more expressions of interest first.")
            return redirect(self.index_url)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        status, note = form.cleaned_data["status"], form.cleaned_data["note"]
        changed = []
        with transaction.atomic():
            for submission in self.submissions:
                if submission.status == status:
                    continue
                submission.set_status(status, by=request.user, note=note, coach=submission.current_coach)
                if submission.current_coach is not None:
                    availability.refresh(submission.current_coach)
                changed.append(submission)
        label = Status(status).label
        unchanged = len(self.submissions) - len(changed)
        text = f"{len(changed)} expression{'s' if len(changed) != 1 else ''} of interest set to “{label}”."
        if unchanged:
            text += f" {unchanged} already had that status."
        messages.success(request, text)
        return redirect(self.index_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            submissions=self.submissions,
            rows=[(submission, progress_label(submission)) for submission in self.submissions],
            index_url=self.index_url,
        )
        return context

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": "Expressions of interest"},
            {"url": "", "label": "Change status"},
        ]


def admin_column(label, order=None):
    """Name a list column (its header) and, optionally, the field it sorts by."""

    def decorate(method):
        method.short_description = capfirst(label)
        if order:
            method.admin_order_field = order
        return method

    return decorate


class ExpressionOfInterestAdmin(ModelAdmin):
    model = ExpressionOfInterest
    menu_label = "Expressions of interest"
    menu_icon = "form"
    menu_order = 250
    add_to_settings_menu = False
    exclude_from_explorer = True
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = SubmissionButtonHelper
    index_view_class = SubmissionIndexView
    edit_view_class = SubmissionEditView
    inspect_view_class = SubmissionInspectView
    inspect_view_enabled = True
    history_view_class = PermissionCheckedHistoryView
    index_template_name = "cascading_pages/admin/interest_index.html"
    index_view_extra_css = ["cascading_pages/css/interest-admin.css"]
    index_view_extra_js = [
        "cascading_pages/js/admin/interest-filters.js",
        "cascading_pages/js/admin/scroll-hint.js",
    ]
    form_view_extra_css = ["cascading_pages/css/interest-admin.css"]
    list_display = (
        "select_box",
        "received",
        "leader_name",
        "organisation",
        "coach_asked",
        "progress",
        "bursary_requested",
        "email_state",
    )
    list_display_add_buttons = "leader_name"
    list_filter = (
        ProgressFilter,
        CoachFilter,
        MonthFilter,
        RegionFilter,
        "bursary_requested",
        "bursary_decision",
        EmailProblemFilter,
    )
    search_fields = ("leader_name", "email", "organisation", "coach_name", "notes")
    list_export = (
        "submit_time",
        "leader_name",
        "email",
        "organisation",
        "coach_name",
        "income_band",
        "payment",
        "bursary_requested",
        "bursary_decision",
        "status",
    )
    export_filename = "expressions-of-interest"
    inspect_view_fields = (
        "submit_time",
        "status",
        "current_coach",
        "asked_at",
        "reminded_at",
        "accepted_at",
        "passed_on_at",
        "coach_message",
        "bursary_decision",
        "notes",
        "answers",
        "status_history",
        "email_history",
    )
    edit_handler = ObjectList(
        [
            AnswersPanel(heading="The leader's answers"),
            MultiFieldPanel(
                [
                    FieldPanel(
                        "status",
                        help_text=(
                            "“New” covers every step until the coach answers: “Now” beside the answers "
                            "says which (coach emailed, reminded, second choice asked)."
                        ),
                    ),
                    FieldPanel("bursary_decision"),
                    FieldPanel("notes"),
                ],
                heading="Your decision",
            ),
        ],
        attrs={"data-interest-decision": ""},  # interest-admin.css sets the two columns
    )

    def get_queryset(self, request):
        unsent = Count("emails", filter=~Q(emails__state=OutboxEmail.State.SENT))
        return with_progress(
            super()
            .get_queryset(request)
            .select_related("coach", "current_coach")
            .annotate(unsent_emails=unsent)
        )

    @admin_column("Select")
    def select_box(self, obj):
        return format_html(
            '<input type="checkbox" name="id" value="{}" form="interest-bulk" aria-label="Select {}">',
            obj.pk,
            obj.leader_name or "this expression of interest",
        )

    @admin_column("Received", order="submit_time")
    def received(self, obj):
        return obj.submit_time.astimezone().strftime("%d %b %Y")

    @admin_column("Coach asked now")
    def coach_asked(self, obj):
        coach = obj.current_coach
        if coach is None:
            return obj.coach_name or "None"
        if obj.coach_id and coach.pk != obj.coach_id:
            return format_html("{} <small>(second choice)</small>", coach.title)
        return coach.title

    @admin_column("Status", order="status")
    def progress(self, obj):
        return progress_label(obj)

    @admin_column("Emails")
    def email_state(self, obj):
        if getattr(obj, "unsent_emails", 0):
            return format_html('<span class="w-status w-status--label">{} not sent</span>', obj.unsent_emails)
        return "All sent"

    def get_admin_urls_for_registration(self):
        helper = self.url_helper
        return super().get_admin_urls_for_registration() + (
            re_path(
                rf"^{helper.base_url_path}/bulk-status/$",
                BulkStatusView.as_view(model_admin=self),
                name=helper.get_action_url_name("bulk_status"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("resend"),
                self.resend_view,
                name=self.url_helper.get_action_url_name("resend"),
            ),
        )

    def resend_view(self, request, instance_pk):
        submission = get_object_or_404(ExpressionOfInterest, pk=instance_pk)
        if not self.permission_helper.user_can_edit_obj(request.user, submission):
            raise PermissionDenied
        unsent = list(submission.emails.unsent())
        if request.method == "POST":
            with transaction.atomic():
                outbox.send_again(unsent)
            report_sent_again(request, unsent)
            return redirect(self.url_helper.get_action_url("inspect", submission.pk))
        return TemplateResponse(
            request,
            "cascading_pages/admin/resend_emails.html",
            {
                "submission": submission,
                "unsent": [(email, *email_description(email)) for email in unsent],
                "view": self,
                "header_icon": "mail",
            },
        )


class TakeUpPeriodForm(forms.Form):
    """The dates the take-up overview counts expressions of interest received between."""

    received_from = forms.DateField(
        label="Received from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the first date like 2026-01-31."},
    )
    received_to = forms.DateField(
        label="to",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the last date like 2026-12-31."},
    )

    EARLIEST = datetime.date(2000, 1, 1)
    LONGEST = datetime.timedelta(days=366 * 10)

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        for name, value in (("received_from", start), ("received_to", end)):
            if value is not None and value < self.EARLIEST:
                self.add_error(name, "Choose a date in 2000 or later.")
        if start and end and start > end:
            self.add_error("received_to", "The last date must be on or after the first.")
        elif start and (end or timezone.localdate()) - start > self.LONGEST:
            self.add_error("received_from", "Choose a period of ten years or less.")
        return data

    @property
    def period(self):
        """(start, end), either None, when the form is valid and names a date; else None."""
        if not self.is_valid():
            return None
        start, end = self.cleaned_data.get("received_from"), self.cleaned_data.get("received_to")
        return (start, end) if start or end else None

    def list_filters(self):
        """The same dates as filters of the list of expressions of interest."""
        period = self.period or (None, None)
        filters = {}
        if period[0]:
            filters["submit_time__date__gte"] = period[0].isoformat()
        if period[1]:
            filters["submit_time__date__lte"] = period[1].isoformat()
        return filters


class TakeUpOverviewView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Take-up overview"
    header_icon = "table"
    template_name = "cascading_pages/admin/take_up_overview.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("cascading_pages.view_expressionofinterest"):
            raise PermissionDenied
        form = TakeUpPeriodForm(request.GET if {"received_from", "received_to"} & set(request.GET) else None)
        period = form.period
        submissions = overview.received_between(ExpressionOfInterest.objects.all(), *(period or (None, None)))
        tables = overview.take_up(submissions, period=period)
        if request.GET.get("export") == "csv":
            stream = io.StringIO()
            overview.write_csv(tables, stream)
            response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="take-up-overview.csv"'
            return response
        list_url = reverse("cascading_pages_expressionofinterest_modeladmin_index")
        filters = form.list_filters()
        sections = [
            (
                table,
                [
                    {
                        **bar,
                        "link": f"{list_url}?{urlencode({**filters, **bar['query']})}"
                        if bar["query"]
                        else "",
                    }
                    for bar in table.bars
                ],
            )
            for table in tables
        ]
        export_query = urlencode({**{k: v for k, v in request.GET.items() if k != "export"}, "export": "csv"})
        return self.render_to_response(
            self.get_context_data(sections=sections, form=form, period=period, export_query=export_query)
        )

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]
