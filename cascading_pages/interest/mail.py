"""What the emails about an expression of interest say, and to whom; queued in the outbox.

Each email is built (subject, text, recipients) and queued in the outbox (``cascading_pages.mail``)
in the transaction that stores the change it tells of, and sent once that commits. Each goes once
per kind, recipient and round. A failure is logged and kept in the outbox, visible to editors and
re-sendable; it never undoes the submission and never reaches the leader as an error. The
programme inbox, the sender and the inbox's subject are the site's ``ProgrammeSettings``; the
other subjects, the opening or closing words and the sign-off its ``ProgrammeEmails``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from cascading_pages.interest.models import EmailKind, EmailRecipient, Event, outbox_kind
from cascading_pages.mail import outbox
from cascading_pages.programme.models import ProgrammeEmails, ProgrammeSettings
from cascading_pages.public_url import page_url, public_url
from cascading_pages.signed_links import COACH_RESPONSE, make_token


def _addresses(value):
    return [address.strip() for address in value.split(",") if address.strip()]


def queue_emails(submission):
    """Queue the programme inbox's, the coach's and the leader's email for ``submission``."""
    programme = ProgrammeSettings.for_page(submission.page)
    recipients = [
        (EmailRecipient.PROGRAMME, programme.inbox),
        (EmailRecipient.COACH, submission.coach.contact_email if submission.coach else ""),
        (EmailRecipient.LEADER, submission.email),
    ]
    for recipient, address in recipients:
        queue_email(submission, recipient, EmailKind.RECEIVED, address)


def queue_email(submission, recipient, kind, to_address, round=None):
    """Queue one email unless that kind already went (or waits) for this recipient in this round."""
    if not to_address:
        return None
    round = round or submission.round
    return outbox.queue_once(
        f"interest.{submission.pk}.{kind}.{recipient}.{round}",
        lambda: build_message(submission, recipient, kind, to_address),
        kind=outbox_kind(kind, recipient),
        about=submission,
    )


# (kind, recipient) -> ((the ProgrammeEmails fields of its subject and of its opening or closing
# words, or None), template name under cascading_pages/emails/). The programme inbox's email has
# its subject in ProgrammeSettings and no words of the programme's.
MESSAGES = {
    ("reminder", "coach"): (("coach_reminder_subject", None), "interest_reminder_coach"),
    ("offer", "coach"): (("coach_offer_subject", "coach_offer_opening"), "interest_offer_coach"),
    ("accepted", "leader"): (
        ("leader_accepted_subject", "leader_accepted_opening"),
        "interest_accepted_leader",
    ),
    ("passed-on", "leader"): (("leader_passed_on_subject", None), "interest_passed_on_leader"),
    ("not-matched", "leader"): (
        ("leader_not_matched_subject", "leader_not_matched_closing"),
        "interest_not_matched_leader",
    ),
    ("already-open", "leader"): (("leader_already_open_subject", None), "interest_already_open_leader"),
    ("received", "coach"): (("coach_received_subject", "coach_received_opening"), "interest_coach"),
    ("received", "leader"): (("leader_received_subject", "leader_received_opening"), "interest_leader"),
}


def build_message(submission, recipient, kind, to_address, programme=None):
    page = submission.page.specific
    if programme is None:
        programme = ProgrammeSettings.for_page(page)
    emails = ProgrammeEmails.for_page(page)
    coach = submission.current_coach or submission.coach
    context = {
        "submission": submission,
        "page": page,
        "coach": coach,
        "answers": answers_for(submission, page),
        "admin_url": admin_url_for(submission),
        "last_refusal": submission.status_changes.filter(event__in=[Event.DECLINED, Event.EXPIRED])
        .select_related("coach")
        .last(),
        "directory_url": _directory_url(coach),
        "form_url": page_url(page),
        "sign_off": emails.text("sign_off"),
    }
    if recipient == EmailRecipient.COACH and coach is not None:
        if submission.asked_at is not None:
            context["answer_by"] = submission.asked_at + timedelta(days=programme.days_to_answer)
        context["response_url"] = response_url_for(submission, coach)
        context["coach_admin_url"] = coach_admin_url_for(submission)
    sender = programme.from_address or settings.DEFAULT_FROM_EMAIL
    if recipient == EmailRecipient.PROGRAMME:
        subject = programme.inbox_subject or f"New expression of interest for {submission.coach_name}"
        template = "interest_programme"
    else:
        (subject_field, words_field), template = MESSAGES[(kind, recipient)]
        # The coach the email is about: the one chosen, for the first emails; the one asked now, after.
        coach_name = submission.coach_name if kind == EmailKind.RECEIVED else getattr(coach, "title", "")
        names = {"leader_name": submission.leader_name, "coach_name": coach_name}
        subject = emails.subject(subject_field, **names)
        if words_field:
            context["words"] = emails.text(words_field, **names)
    if recipient == EmailRecipient.LEADER or not submission.email:
        reply_to = programme.inbox_addresses[:1]
    else:  # the coach and the programme inbox answer the leader
        reply_to = [submission.email]
    body = render_to_string(f"cascading_pages/emails/{template}.txt", context)
    return EmailMessage(subject, body, sender, _addresses(to_address), reply_to=reply_to)


def _directory_url(coach):
    return page_url(coach.directory if coach is not None else None)


def response_url_for(submission, coach):
    """A signed, single-use link with which ``coach`` answers without logging in."""
    token = make_token(COACH_RESPONSE, submission.pk, extra=coach.pk)
    return public_url(reverse("cascading_coach_response", args=[token]), page=submission.page)


def coach_admin_url_for(submission):
    try:
        path = reverse("cascading_pages_admin:respond", args=[submission.pk])
    except NoReverseMatch:
        return ""
    return _admin_url(path)


def answers_for(submission, page):
    """``(label, value)`` for every answer, in the form's order, as the export shows them."""
    data = submission.get_data()
    rows = []
    for name, label in page.get_data_fields():
        if name in ("submit_time", "status") or name not in data:
            continue
        value = data[name]
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        rows.append((label, value))
    return rows


def admin_url_for(submission):
    try:
        path = reverse("cascading_pages_expressionofinterest_modeladmin_inspect", args=[submission.pk])
    except NoReverseMatch:
        return ""
    return _admin_url(path)


def _admin_url(path):
    """The admin's ``path`` as a full address; "" (the email leaves the link out) when the host has
    not said where the site is served (CASCADING_PUBLIC_URL)."""
    return public_url(path)
