"""Receiving one expression of interest, the same way from the web page and from the JSON API.

In order: a form sent again (same submission token, same leader and coach) gets the stored
submission back; a filled-in honeypot is thanked and dropped; an address over the rate limit is
told so with its answers kept; then the form is validated and stored with its status record and
its emails in one transaction; the emails are sent once it commits.
"""

import logging
import uuid
from dataclasses import dataclass

from cascading_pages.interest import ratelimit
from cascading_pages.interest.forms import HONEYPOT_FIELD, TOKEN_FIELD
from cascading_pages.interest.mail import queue_email
from cascading_pages.interest.models import EmailKind, EmailRecipient, ExpressionOfInterest

logger = logging.getLogger("cascading_pages.interest")


@dataclass
class Outcome:
    form: object
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


def receive(page, data, client_ip):
    token = _token(data.get(TOKEN_FIELD))
    existing = None
    if token is not None:
        existing = ExpressionOfInterest.objects.filter(submission_token=token).first()
        if existing is not None and _sent_again(existing, page, data):
            return Outcome(page.get_form(data, page=page), submission=existing)
    if token is None or existing is not None:
        # A sender without a token gets one now, so that a corrected form sent again stays one.
        # A token already used for someone else's answers (a cached page, a careless client) would
        # lose these answers if taken for a repeat: they get a fresh one too.
        data = data.copy()
        data[TOKEN_FIELD] = str(uuid.uuid4())
    form = page.get_form(data, page=page)

    if data.get(HONEYPOT_FIELD):
        logger.info("Dropped an expression of interest with the honeypot field filled in.")
        return Outcome(form, spam=True)

    fingerprint = ratelimit.fingerprint(client_ip)
    if ratelimit.is_limited(fingerprint):
        form.is_valid()
        form.add_error(None, ratelimit.limited_message())
        logger.warning("Rate-limited an expression of interest.")
        return Outcome(form, rate_limited=True)

    if not form.is_valid():
        if form.open_submission is not None:
            tell_where_it_stands(form.open_submission)
        return Outcome(form)

    submission, created = page.process_form_submission(form, client_fingerprint=fingerprint)
    return Outcome(form, submission=submission, created=created)


def tell_where_it_stands(submission):
    """Email the leader of an open expression of interest where it stands, once."""
    queue_email(submission, EmailRecipient.LEADER, EmailKind.ALREADY_OPEN, submission.email, round=1)
