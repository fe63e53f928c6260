"""The programme team's admin: expressions of interest to follow up, and the take-up overview."""

import io

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import re_path
from django.utils.html import format_html, format_html_join
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.forms.utils import get_form_types
from wagtail.contrib.forms.views import SubmissionsListView
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import EditView, IndexView, InspectView

from cascading_pages.coaches import availability
from cascading_pages.interest import overview
from cascading_pages.interest.exports import SafeSpreadsheetExportMixin
from cascading_pages.interest.mail import answers_for
from cascading_pages.interest.models import Event, ExpressionOfInterest, email_description
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
    """The list of expressions of interest, exported without spreadsheet formulas."""


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


class SubmissionEditView(EditView):
    """Saving a new status also records who changed it, in the same transaction."""

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
    list_display = (
        "submit_time",
        "leader_name",
        "organisation",
        "coach_name",
        "current_coach",
        "status",
        "bursary_requested",
        "email_state",
    )
    list_filter = (
        "status",
        "coach",
        "current_coach",
        MonthFilter,
        "coach__regions",
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
    edit_handler = ObjectList([FieldPanel("status"), FieldPanel("bursary_decision"), FieldPanel("notes")])

    def get_queryset(self, request):
        unsent = Count("emails", filter=~Q(emails__state=OutboxEmail.State.SENT))
        return (
            super()
            .get_queryset(request)
            .select_related("coach", "current_coach")
            .annotate(unsent_emails=unsent)
        )

    @staticmethod
    def email_state(obj):
        if getattr(obj, "unsent_emails", 0):
            return format_html('<span class="w-status w-status--label">{} not sent</span>', obj.unsent_emails)
        return "All sent"

    email_state.short_description = "Emails"

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
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


class TakeUpOverviewView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Take-up overview"
    header_icon = "table"
    template_name = "cascading_pages/admin/take_up_overview.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("cascading_pages.view_expressionofinterest"):
            raise PermissionDenied
        tables = overview.take_up()
        if request.GET.get("export") == "csv":
            stream = io.StringIO()
            overview.write_csv(tables, stream)
            response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="take-up-overview.csv"'
            return response
        return self.render_to_response(self.get_context_data(tables=tables))

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]
