"""Coach logins: who a coach is in the admin, inviting one, removing one, and moderating their edits.

A coach's only power is Wagtail's own ``change_page`` permission on their own profile, granted
through a small group of their own ("Coach profile 42") next to the shared "Coaches" group (admin
access and the coach photos collection). Every admin view, the admin API and the workflow then
enforce it natively. Groups, the collection and the moderation workflow are created by the
migration ``0003_coach_and_editor_groups``; the names below must match it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from cascading_pages.coaches.models import MANAGE_COACH_ACCOUNTS, CoachPage
from cascading_pages.conf import conf
from cascading_pages.mail import outbox
from cascading_pages.programme.models import ProgrammeEmails
from cascading_pages.public_url import public_url

COACHES_GROUP = "Coaches"
EDITORS_GROUP = "Programme editors"
COACH_PHOTOS_COLLECTION = "Coach photos"
MODERATION_WORKFLOW = "Coach profile moderation"
MODERATION_TASK = "Programme editors approve coach profiles"
PROFILE_GROUP_PREFIX = "Coach profile "


class CoachAccountError(Exception):
    """An invitation or removal that cannot go ahead; the message is written for the editor."""


def profile_group_name(page):
    return f"{PROFILE_GROUP_PREFIX}{page.pk}"


def is_coach(user):
    """True for a coach's login, whose admin is trimmed to their own profile; never for the team."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return False
    cached = getattr(user, "_cascading_is_coach", None)
    if cached is None:
        cached = user.groups.filter(name=COACHES_GROUP).exists() and not user.has_perm(MANAGE_COACH_ACCOUNTS)
        user._cascading_is_coach = cached
    return cached


def coach_page_for(user):
    """The profile ``user`` may edit, or None."""
    if not user.is_authenticated:
        return None
    return CoachPage.objects.filter(account=user).first()


# Inviting and removing


def normalise_email(email):
    email = get_user_model().objects.normalize_email((email or "").strip())
    try:
        validate_email(email)
    except ValidationError as exc:
        raise CoachAccountError(f"“{email}” is not a valid email address.") from exc
    return email


@transaction.atomic
def invite_coach(page, email, *, base_url=None, invited_by=None):
    """Create (or re-open) the coach's login, link it to ``page`` and email a set-your-password link.

    No password is ever chosen for the coach: the account has an unusable password until they
    follow the link. Inviting the same coach again sends a fresh link. The email is queued in the
    outbox and sent once this commits: a mail server that is down never undoes the invitation.
    Its links start with the site's public address (``cascading_pages.public_url``), never the
    address the editor's request came in on; ``base_url`` overrides it (``invite_coach --base-url``).
    """
    email = normalise_email(email)
    User = get_user_model()
    page = CoachPage.objects.select_for_update().get(pk=page.pk)
    users = list(User.objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise CoachAccountError(f"More than one account uses {email}; ask an administrator to tidy them up.")
    user = users[0] if users else None

    if page.account_id and (user is None or page.account_id != user.pk):
        raise CoachAccountError(
            f"“{page.title}” is already linked to {page.account.email}. Remove that coach first."
        )
    if user is not None:
        if is_team_account(user):
            raise CoachAccountError(f"{email} belongs to a programme team account, not a coach.")
        other = CoachPage.objects.filter(account=user).exclude(pk=page.pk).first()
        if other is not None:
            raise CoachAccountError(f"{email} is already the login for “{other.title}”.")
    else:
        user = User(username=unique_username(email), email=email)
        first, _, last = page.title.partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]

    # A re-invitation starts again: any old password stops working.
    user.set_unusable_password()
    user.is_active = True
    user.save()
    link_account(page, user)
    send_invitation(user, page, base_url=base_url, invited_by=invited_by)
    return user


def is_team_account(user):
    """Superusers and members of any group other than the coaches' own."""
    return (
        user.is_superuser
        or user.user_permissions.exists()
        or user.groups.exclude(name=COACHES_GROUP).exclude(name__startswith=PROFILE_GROUP_PREFIX).exists()
    )


def unique_username(email):
    User = get_user_model()
    base = email[:140]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def link_account(page, user):
    """Let ``user`` edit ``page`` and nothing else."""
    # An update, not a revision: the link is outside the page's history (CoachPage.with_content_json).
    CoachPage.objects.filter(pk=page.pk).update(account=user)
    page.account = user
    profile_group, _ = Group.objects.get_or_create(name=profile_group_name(page))
    GroupPagePermission.objects.get_or_create(
        group=profile_group,
        page_id=page.pk,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    user.groups.add(Group.objects.get(name=COACHES_GROUP), profile_group)


def unlink_account(page):
    """Take away the page's login's access to it; returns the user that was linked, if any."""
    user = page.account
    Group.objects.filter(name=profile_group_name(page)).delete()
    CoachPage.objects.filter(pk=page.pk).update(account=None)
    page.account = None
    if user is not None:
        user.groups.remove(*Group.objects.filter(name=COACHES_GROUP))
    return user


@transaction.atomic
def remove_coach(page, *, unpublish, removed_by=None):
    """Deactivate the coach's login and unlink it; unpublish the profile if the editor chose to."""
    page = CoachPage.objects.select_for_update().get(pk=page.pk)
    user = unlink_account(page)
    if user is not None:
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
    if unpublish and page.live:
        page.unpublish(user=removed_by)
    return user


def _absolute(path, base_url=None):
    return base_url.rstrip("/") + path if base_url else public_url(path)


def invitation_link(user, base_url=None):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return _absolute(path, base_url)


def send_invitation(user, page, *, base_url=None, invited_by=None):
    """Queue the invitation in the outbox: it goes once the invitation's transaction commits, and a
    failure is kept there (the admin's Outbox) instead of undoing the invitation."""
    context = {
        "user": user,
        "page": page,
        "link": invitation_link(user, base_url),
        "login_url": _absolute(reverse("wagtailadmin_login"), base_url),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "invited_by": invited_by,
        "site_name": conf.WAGTAIL_SITE_NAME,
    }
    subject = ProgrammeEmails.for_page(page).subject(
        "invitation_subject", coach_name=page.title, site_name=conf.WAGTAIL_SITE_NAME
    )
    body = render_to_string("cascading_pages/admin/emails/coach_invitation.txt", context)
    message = EmailMessage(subject, body, None, [user.email])
    return outbox.queue(message, kind="coaches.invitation", about=page)


# Moderation


def coach_moderation_workflow():
    """The workflow every coach directory uses: the programme editors approve each change."""
    workflow = Workflow.objects.filter(name=MODERATION_WORKFLOW).first()
    if workflow is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_TASK)
        task.groups.set(Group.objects.filter(name=EDITORS_GROUP))
        workflow = Workflow.objects.create(name=MODERATION_WORKFLOW)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def moderate_directory(directory):
    """Put ``directory``'s coach profiles under moderation, unless an editor chose another workflow."""
    WorkflowPage.objects.get_or_create(
        page_id=directory.pk, defaults={"workflow": coach_moderation_workflow()}
    )
