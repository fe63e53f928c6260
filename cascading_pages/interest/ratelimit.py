"""How many expressions of interest one address may send in a while.

What counts is each different form a sender gets past validation: a new expression of interest,
one not stored because the address already has one open (``receive`` answers both alike), a form
sent again after the period. The same form sent again within the period (a double click, a retry
after a lost connection) is the same turn. Refused sends do not count.

The sender is the address ``cascading_pages.client_address`` finds (the one rule the login
throttle follows too), given by the caller; requests without one share a single allowance. The counts live in the
database (``InterestSender``), so the limit holds across processes and servers, and each sender's
row is locked while a turn is taken, so concurrent sends from one address wait for each other
instead of all fitting under the limit. Kept: a keyed hash of the address, keyed hashes of the
forms and their times, for one period after the sender's last try.
"""

import hashlib
import hmac
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from cascading_pages.conf import conf
from cascading_pages.interest.models import InterestSender

logger = logging.getLogger("cascading_pages.interest")

#: What the fingerprint of a request without an address is made from (no address contains it).
NO_ADDRESS = "no address"


def limit_and_period():
    """``(submissions, seconds)`` from settings; a limit of 0 or None turns the check off."""
    return conf.CASCADING_INTEREST_RATE_LIMIT, conf.CASCADING_INTEREST_RATE_LIMIT_PERIOD


def _keyed_hash(purpose, text):
    message = f"{purpose}:{text}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def fingerprint(address):
    """A keyed hash of the sender's ``address``; every request without one gets the same."""
    return _keyed_hash("interest-sender", address or NO_ADDRESS)


def form_key(page, data, token):
    """A keyed hash of what makes a form "the same one sent again": its page, its submission token,
    the leader's email address and first-choice coach."""
    email = str(data.get("email") or "").strip().lower()
    coach = str(data.get("first_choice_coach") or "").strip()
    return _keyed_hash("interest-form", f"{page.pk}\n{token}\n{email}\n{coach}")


def take_turn(address, key):
    """Count the form ``key`` from ``address`` against the limit: True if it may go ahead.

    Call it inside the transaction that stores what the form leads to: the sender's row stays
    locked until that commits, so a concurrent send from the same address waits and then counts
    this one.
    """
    limit, period = limit_and_period()
    if not limit:
        return True
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_turn must run inside the transaction that stores the submission")
    now = timezone.now()
    since = now - timedelta(seconds=period)
    sender = fingerprint(address)
    # Insert the row or touch it, in one statement that takes its lock (SQLite: the write lock).
    InterestSender.objects.bulk_create(
        [InterestSender(fingerprint=sender, last_seen=now)],
        update_conflicts=True,
        unique_fields=["fingerprint"],
        update_fields=["last_seen"],
    )
    row = InterestSender.objects.select_for_update().get(pk=sender)
    recent = [[sent, at] for sent, at in row.sent if datetime.fromisoformat(at) >= since]
    if any(sent == key for sent, _ in recent):
        allowed = True
    elif len(recent) >= limit:
        allowed = False
    else:
        recent.append([key, now.isoformat()])
        allowed = True
    row.sent = recent
    row.save(update_fields=["sent"])
    return allowed


def forget_quiet_senders():
    """Delete what is kept about senders who have sent nothing for a period. Outside a transaction:
    a failure here is logged and never fails the request that called it."""
    _, period = limit_and_period()
    since = timezone.now() - timedelta(seconds=period or 0)
    try:
        InterestSender.objects.filter(last_seen__lt=since).delete()
    except DatabaseError:
        logger.warning("Could not forget quiet senders; the next submission will try again", exc_info=True)


def limited_message():
    _, period = limit_and_period()
    minutes = max(1, round(period / 60))
    wait = f"{minutes} minutes" if minutes < 120 else f"{round(minutes / 60)} hours"
    return (
        "We have received several expressions of interest from your connection in a short time, so "
        f"we cannot accept another one just now. Your answers are still here: please try again in {wait}, "
        "or contact the programme team if you need to send more."
    )
