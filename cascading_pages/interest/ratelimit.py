"""How many expressions of interest one address may send in a while.

Counted from the submissions themselves, so the limit holds across processes and servers; the
address is kept only as a keyed hash.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cascading_pages.conf import conf
from cascading_pages.interest.models import ExpressionOfInterest


def limit_and_period():
    """``(submissions, seconds)`` from settings; a limit of 0 or None turns the check off."""
    return conf.CASCADING_INTEREST_RATE_LIMIT, conf.CASCADING_INTEREST_RATE_LIMIT_PERIOD


def fingerprint(client_ip):
    if not client_ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), client_ip.encode(), hashlib.sha256).hexdigest()


def is_limited(client_fingerprint):
    limit, period = limit_and_period()
    if not limit or not client_fingerprint:
        return False
    since = timezone.now() - timedelta(seconds=period)
    recent = ExpressionOfInterest.objects.filter(
        client_fingerprint=client_fingerprint, submit_time__gte=since
    )
    return recent.count() >= limit


def limited_message():
    _, period = limit_and_period()
    minutes = max(1, round(period / 60))
    wait = f"{minutes} minutes" if minutes < 120 else f"{round(minutes / 60)} hours"
    return (
        "We have received several expressions of interest from your connection in a short time, so "
        f"we cannot accept another one just now. Your answers are still here: please try again in {wait}, "
        "or contact the programme team if you need to send more."
    )


def client_ip_for(request):
    """The address a request came from, read from the header the host names in settings."""
    header = conf.CASCADING_INTEREST_CLIENT_IP_HEADER
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    # X-Forwarded-For style headers list the original client first.
    return value.split(",")[0].strip()[:64]
