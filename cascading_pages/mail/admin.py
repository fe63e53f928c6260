"""The Outbox in the admin: every programme email, what became of it, and "Send again".

Only staff with the outbox permissions see it (``view_outboxemail`` to read, ``change_outboxemail``
to send again): an email's text can hold a leader's details and single-use links. Nobody writes,
edits or deletes an email here; the concerns that send them do the writing.
"""

from collections import Counter

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import re_path
from django.utils.html import format_html
from wagtail.admin import messages
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from cascading_pages.mail import outbox
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.modeladmin import PermissionCheckedHistoryView

VIEW_PERMISSION = "cascading_pages.view_outboxemail"
SEND_AGAIN_PERMISSION = "cascading_pages.change_outboxemail"


def report_sent_again(request, emails):
    """Tell the editor what became of ``emails`` once they were sent again (read after the commit:
    sent or failed when the tasks run at once, still queued when a worker sends them)."""
    states = Counter(
        OutboxEmail.objects.filter(pk__in=[email.pk for email in emails]).values_list("state", flat=True)
    )
    failed = states[OutboxEmail.State.FAILED]
    waiting = states[OutboxEmail.State.QUEUED] + states[OutboxEmail.State.SENDING]
    if failed:
        messages.error(request, f"{failed} email(s) still could not be sent. The error is shown below.")
    if waiting:
        messages.success(request, f"{waiting} email(s) queued: they are sent in the background.")
    if not failed and not waiting:
        messages.success(request, "The emails have been sent.")


class StateFilter(SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("unsent", "Not sent or failed"),
            *((state.value, state.label) for state in OutboxEmail.State),
        ]

    def queryset(self, request, queryset):
        if self.value() == "unsent":
            return queryset.unsent()
        if self.value() in OutboxEmail.State.values:
            return queryset.filter(state=self.value())
        return queryset


class OutboxURLHelper(AdminURLHelper):
    """An email's URLs take its numeric id only: anything else is a 404, not a server error."""

    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>\d+)/$"


class OutboxPermissionHelper(PermissionHelper):
    """Read and send again; never written, edited or deleted by hand."""

    def user_can_list(self, user):
        return user.has_perm(VIEW_PERMISSION) or user.has_perm(SEND_AGAIN_PERMISSION)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_send_again(self, user, obj):
        return not obj.is_sent and bool(obj.body) and user.has_perm(SEND_AGAIN_PERMISSION)


class OutboxButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_send_again(self.request.user, obj):
            buttons.append(
                {
                    "url": self.url_helper.get_action_url("send-again", obj.pk),
                    "label": "Send again",
                    "classname": self.finalise_classname(["button-secondary"]),
                    "title": "Try again to send this email",
                }
            )
        return buttons


class OutboxInspectView(InspectView):
    """The email as it goes out, its text as plain text."""

    def get_field_display_value(self, field_name, field=None):
        if field_name == "body":
            return format_html('<pre class="outbox-body">{}</pre>', self.instance.body or "(no text)")
        if field_name == "about":
            return str(self.instance.about) if self.instance.about is not None else "-"
        return super().get_field_display_value(field_name, field)


class OutboxEmailAdmin(ModelAdmin):
    model = OutboxEmail
    menu_label = "Outbox"
    menu_icon = "mail"
    menu_order = 270
    add_to_settings_menu = False
    exclude_from_explorer = True
    url_helper_class = OutboxURLHelper
    permission_helper_class = OutboxPermissionHelper
    button_helper_class = OutboxButtonHelper
    inspect_view_class = OutboxInspectView
    history_view_class = PermissionCheckedHistoryView
    inspect_view_enabled = True
    list_display = ("created_at", "kind", "to", "subject", "state_and_error", "attempts")
    list_filter = (StateFilter, "kind")
    search_fields = ("to", "subject")
    ordering = ("-pk",)
    inspect_view_fields = (
        "kind",
        "about",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "sent_at",
        "from_email",
        "to",
        "reply_to",
        "subject",
        "body",
    )

    @staticmethod
    def state_and_error(obj):
        if obj.last_error and not obj.is_sent:
            return format_html("<strong>{}</strong>: {}", obj.get_state_display(), obj.last_error)
        return obj.get_state_display()

    state_and_error.short_description = "State"

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("send-again"),
                self.send_again_view,
                name=self.url_helper.get_action_url_name("send-again"),
            ),
        )

    def send_again_view(self, request, instance_pk):
        email = get_object_or_404(OutboxEmail, pk=instance_pk)
        if not self.permission_helper.user_can_send_again(request.user, email):
            if email.is_sent and self.permission_helper.user_can_list(request.user):
                messages.success(request, "This email has already been sent.")
                return redirect(self.url_helper.get_action_url("inspect", email.pk))
            raise PermissionDenied
        if request.method == "POST":
            with transaction.atomic():
                outbox.send_again([email])
            report_sent_again(request, [email])
            return redirect(self.url_helper.get_action_url("inspect", email.pk))
        return TemplateResponse(
            request,
            "cascading_pages/admin/outbox_send_again.html",
            {"email": email, "view": self, "header_icon": "mail"},
        )
