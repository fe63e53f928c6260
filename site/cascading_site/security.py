"""Security policy for this deployment: response headers, and the address the login throttle counts.

Failed logins are throttled by django-axes (settings ``AXES_*`` in ``settings/base.py``; SECURITY.md
says why it locks one account from one address, never an account from everywhere).
"""

import re

from axes.backends import AxesBackend
from django.conf import settings
from django.shortcuts import render

from cascading_pages.client_address import client_address

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
# The Wagtail admin is not ours to police with the public site's policy (it relies on inline
# scripts); it is only for logged-in editors and coaches, and still gets every other header.
CSP_EXEMPT_PREFIXES = ("/admin/", "/django-admin/")
FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")


def preview_policy(policy):
    """The public policy with one change: the admin (same origin) may frame the page, so its preview
    panel and Checks panel work. Everything else, inline script and style included, stays refused."""
    if FRAME_ANCESTORS.search(policy):
        return FRAME_ANCESTORS.sub("frame-ancestors 'self'", policy)
    return f"{policy}; frame-ancestors 'self'"


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy on public responses, and a Permissions-Policy on all.

    A preview (Wagtail renders the page through the middleware for a *dummy* request, only ever
    inside an admin view that needs a login: edit preview, view draft, revision and workflow
    previews) gets the same policy, except that the admin may frame it (``frame-ancestors 'self'``,
    ``X-Frame-Options: SAMEORIGIN``). Public pages are never framed (``'none'``, ``DENY``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CASCADING_CONTENT_SECURITY_POLICY", DEFAULT_CSP)
        self.preview_policy = preview_policy(self.policy)

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_dummy", False):
            response.headers["Content-Security-Policy"] = self.preview_policy
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        elif not request.path.startswith(CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class ThrottledLoginBackend(AxesBackend):
    """django-axes's backend: a password is not even tried while its account is locked out from the
    request's address. A login without a request (a management command, the test client's
    ``login()``) has no address to count by, so nothing to refuse: it goes to Django's backend."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


#: What the login throttle records for a request without an address (see
#: cascading_pages.client_address): one allowance for all of those. No real sender has it.
NO_ADDRESS = "0.0.0.0"


def login_client_address(request):
    """The address django-axes counts failed logins by (AXES_CLIENT_IP_CALLABLE): the same rule as
    the expression of interest rate limit, so both count the real client behind the proxy."""
    return client_address(request) or NO_ADDRESS


def login_locked_out(request, original_response=None, credentials=None):
    """The page a refused login gets (AXES_LOCKOUT_CALLABLE): when to try again, and the way round."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "login_locked_out.html", context, status=429)
