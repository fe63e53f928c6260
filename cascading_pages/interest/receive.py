"""Receiving one expression of interest, the same way from the web page and from the JSON API.

In order: a filled-in honeypot is thanked and dropped; a form with mistakes is shown them (it does
not count against the rate limit); then, in one transaction, the form takes its turn under the rate
limit (an address over it is told so with its answers kept), and is either

- the same form sent again (same submission token, leader and coach): the stored submission back;
- from an address that has an expression of interest still open, when the programme allows one
  open per leader: not stored, and the mailbox owner is emailed where the open one stands;
- or new: stored with its status record and its emails.

The emails are sent once the transaction commits. The sender sees the same thank-you (or the same
201) whether or not the address had one open: the form never tells anyone who has applied. Such a
try counts against the rate limit like any other, so nobody can ask about many addresses quickly.
"""

import logging
import uuid
from dataclasses import dataclass

from django.db import transaction

from cascading_pages.interest import ratelimit
from cascading_pages.interest.forms import HONEYPOT_FIELD, TOKEN_FIELD
from cascading_pages.interest.mail import queue_email
from cascading_pages.interest.models import EmailKind, EmailRecipient, ExpressionOfInterest
from cascading_pages.programme.models import ProgrammeSettings

logger = logging.getLogger("cascading_pages.interest")


@dataclass
class Outcome:
    form: object
    #: What the sender is thanked for; not saved (no pk) when the address had one open already.
    submission: object = None
    created: bool = False
    spam: bool = False
    rate_limited: bool = False

    @property
    def accepted(self):
        """Whether the sender should see the thank-you page (or a 201)."""
        return self.submission is not None or self.spam


def _token(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _sent_again(submission, page, data):
    """Whether ``data`` is ``submission`` sent again: the same form, leader and first-choice coach."""
    email = str(data.get("email") or "").strip().lower()
    coach = str(data.get("first_choice_coach") or "").strip()
    return (
        submission.page_id == page.pk
        and bool(email)
        and email == submission.email.lower()
        and coach == str(submission.coach_id)
    )


def receive(page, data, client_address):
    """Receive the answers ``data`` sent to ``page`` from ``client_address`` (None when unknown)."""
    token = _token(data.get(TOKEN_FIELD))
    existing = repeat = None
    if token is not None:
        existing = ExpressionOfInterest.objects.filter(submission_token=token).first()
        if existing is not None and _sent_again(existing, page, data):
            repeat = existing
    if token is None or (existing is not None and repeat is None):
        # A sender without a token gets one now, so that a corrected form sent again stays one.
        # A token already used for someone else's answers (a cached page, a careless client) would
        # lose these answers if taken for a repeat: they get a fresh one too.
        data = data.copy()
        token = uuid.uuid4()
        data[TOKEN_FIELD] = str(token)
    form = page.get_form(data, page=page)

    if data.get(HONEYPOT_FIELD):
        logger.info("Dropped an expression of interest with the honeypot field filled in.")
        return Outcome(form, spam=True)

    if repeat is None and not form.is_valid():
        return Outcome(form)

    ratelimit.forget_quiet_senders()
    with transaction.atomic():
        if not ratelimit.take_turn(client_address, ratelimit.form_key(page, data, token)):
            form.is_valid()
            form.add_error(None, ratelimit.limited_message())
            logger.warning("Rate-limited an expression of interest.")
            return Outcome(form, rate_limited=True)
        if repeat is not None:
            return Outcome(form, submission=repeat)
        already_open = open_submission_for(page, form.cleaned_data["email"], token)
        if already_open is not None:
            tell_where_it_stands(already_open)
            return Outcome(form, submission=page.build_submission(form))
        submission, created = page.process_form_submission(form)
    return Outcome(form, submission=submission, created=created)


def open_submission_for(page, email, token):
    """The leader's open expression of interest, when the site allows one open per leader, or None.

    One with the same submission token is this form sent twice at once (a double click): the same
    submission, not another one.
    """
    if not ProgrammeSettings.for_page(page).one_open_per_leader:
        return None
    others = ExpressionOfInterest.objects.open().for_email(email).exclude(submission_token=token)
    return others.order_by("-submit_time").first()


def tell_where_it_stands(submission):
    """Email the leader of an open expression of interest where it stands, once."""
    queue_email(submission, EmailRecipient.LEADER, EmailKind.ALREADY_OPEN, submission.email, round=1)
