"""Signed, expiring, single-use links in emails, for coaches who do not want to log in.

A link carries what it is for, the object it acts on and a random nonce, signed with the
``SECRET_KEY`` and a timestamp (``django.core.signing``). Opening it only shows a page with a
button: email scanners fetch links, so nothing happens on GET. The action (a POST) records the
nonce as a ``UsedLink`` in the same transaction, so a second use is refused: the nonce is unique,
so of two uses at once the second fails on the database's constraint and gets the same "already
been used" page as a later one.

A token is as good as a password until it is used or expires, so every view behind a link is
wrapped in ``link_view``: its pages are never stored by a cache (``Cache-Control: no-store``) nor
named in a ``Referer`` to another site, and the token is hidden from error reports. The logs never
see it either (``scrub``); no message of ours contains it.
"""

import secrets
from dataclasses import dataclass
from functools import wraps

from django.core import signing
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_variables

from cascading_pages.conf import conf, default
from cascading_pages.signed_links.models import UsedLink

SALT = "cascading_pages.signed_links"
COACH_RESPONSE = "coach-response"
PROFILE_CHECK = "profile-check"


class LinkError(Exception):
    """A link that cannot be used; the message is written for the person who clicked it."""


@dataclass(frozen=True)
class Link:
    purpose: str
    object_id: int
    nonce: str
    extra: int | None = None


def max_age_days(purpose):
    ages = {**default("CASCADING_LINK_MAX_AGE_DAYS"), **conf.CASCADING_LINK_MAX_AGE_DAYS}
    return ages[purpose]


def make_token(purpose, object_id, extra=None):
    payload = {"p": purpose, "o": object_id, "n": secrets.token_urlsafe(16)}
    if extra is not None:
        payload["x"] = extra
    return signing.dumps(payload, salt=SALT, compress=True)


@sensitive_variables("token")
def read_token(token, purpose):
    """The link ``token`` stands for, if it is genuine, for ``purpose``, unexpired and unused."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age_days(purpose) * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise LinkError("This link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkError("This link is not valid. Please check it was copied in full.") from None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise LinkError("This link is not valid. Please check it was copied in full.")
    try:
        link = Link(purpose, int(payload["o"]), str(payload["n"]), payload.get("x"))
    except (KeyError, TypeError, ValueError):
        raise LinkError("This link is not valid. Please check it was copied in full.") from None
    if UsedLink.objects.filter(nonce=link.nonce).exists():
        raise LinkError("This link has already been used.")
    return link


def use(link):
    """Mark ``link`` used; call inside the transaction that acts on it. Raises if it already was."""
    try:
        with transaction.atomic():
            UsedLink.objects.create(nonce=link.nonce, purpose=link.purpose)
    except IntegrityError:
        raise LinkError("This link has already been used.") from None


def link_view(view):
    """Wrap a view whose URL holds a token (``view(request, token)``).

    Its answers, the "cannot be used" page included, send ``Cache-Control: no-store`` and
    ``Referrer-Policy: no-referrer``; the token is left out of Django's error reports.
    """
    view = sensitive_variables("token")(view)

    @wraps(view)
    @sensitive_variables("token")
    def wrapped(request, token, *args, **kwargs):
        response = view(request, token, *args, **kwargs)
        add_never_cache_headers(response)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


def problem_page(request, message):
    """The page a person sees when a link cannot be used, with what to do about it."""
    return TemplateResponse(
        request, "cascading_pages/pages/link_problem.html", {"message": message}, status=400
    )
