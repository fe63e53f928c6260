"""Security policy for this deployment: response headers and admin login throttling."""

import hashlib

from django.conf import settings
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
# The Wagtail admin is not ours to police with the public site's policy (it relies on inline
# scripts); it is only for logged-in editors and coaches, and still gets every other header.
CSP_EXEMPT_PREFIXES = ("/admin/", "/django-admin/")


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy on public responses, and a Permissions-Policy on all."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CASCADING_CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


def _client_ip(request):
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")


def _throttle_keys(request, username):
    name = (username or "").strip().casefold()
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    # Per account from one address, and per account from anywhere (a slower, wider net).
    return (f"login-fail:{_client_ip(request)}:{digest}", f"login-fail:any:{digest}")


def login_limits():
    return (
        getattr(settings, "CASCADING_LOGIN_FAILURE_LIMIT", 5),
        getattr(settings, "CASCADING_LOGIN_FAILURE_LIMIT_ANY_ADDRESS", 20),
        getattr(settings, "CASCADING_LOGIN_LOCKOUT_SECONDS", 15 * 60),
    )


class ThrottledModelBackend(ModelBackend):
    """Django's model backend, refusing to even try a password after repeated failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        per_address, any_address, _ = login_limits()
        address_key, account_key = _throttle_keys(request, username)
        if cache.get(address_key, 0) >= per_address or cache.get(account_key, 0) >= any_address:
            raise PermissionDenied("Too many failed login attempts; try again later.")
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


def _increment(key, timeout):
    if cache.add(key, 1, timeout):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout)


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request=None, **kwargs):
    _, _, lockout = login_limits()
    for key in _throttle_keys(request, credentials.get("username")):
        _increment(key, lockout)


@receiver(user_logged_in)
def forget_failed_logins(sender, request, user, **kwargs):
    address_key, _ = _throttle_keys(request, user.get_username())
    cache.delete(address_key)
