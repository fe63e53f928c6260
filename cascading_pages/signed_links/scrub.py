"""Keep signed link tokens out of the logs.

A token in a coach's email works like a password until it is used or expires, and it sits in the
URL path (``/coach-response/<token>/``). Django names that path in the lines it logs for every
4xx and 5xx answer (``django.request``: "Bad Request: /coach-response/…/"), for a refused CSRF
check (``django.security.csrf``) and for each request the development server serves
(``django.server``); an error email (``mail_admins``) shows the request's path and headers too.
``ScrubSignedLinks`` replaces every value signed with ``django.core.signing`` in such a record (its
message, arguments and the request it carries) with ``[signed link]``. ``install()`` (the app's
``ready()``) puts it on those loggers, so a host needs no logging settings for it.

What it cannot reach: the access log of a proxy or application server in front of Django (nginx,
gunicorn), which writes request lines itself; see SECURITY.md.
"""

import copy
import logging
import re

from django.http import HttpRequest

#: ``signing.dumps()`` output: an optionally compressed ("." first) payload, a timestamp and a
#: signature, each in URL-safe base64 and joined by ":".
SIGNED_VALUE = re.compile(r"\.?[A-Za-z0-9_-]{8,}:[A-Za-z0-9]{4,}:[A-Za-z0-9_-]{20,}")
REPLACEMENT = "[signed link]"
LOGGERS = ("django.request", "django.security", "django.security.csrf", "django.server")


def scrub(value):
    return SIGNED_VALUE.sub(REPLACEMENT, value) if isinstance(value, str) else value


def scrubbed_request(request):
    """A copy of ``request`` whose path and headers name no signed value; the request itself is
    left alone (the response may still be on its way)."""
    clone = copy.copy(request)
    clone.path = scrub(request.path)
    clone.path_info = scrub(request.path_info)
    clone.META = {key: scrub(value) for key, value in request.META.items()}
    return clone


class ScrubSignedLinks(logging.Filter):
    def filter(self, record):
        record.msg = scrub(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: scrub(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(scrub(arg) for arg in record.args)
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and SIGNED_VALUE.search(request.get_full_path()):
            record.request = scrubbed_request(request)
        return True


def install():
    """Put the filter on the loggers Django writes request paths to (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, ScrubSignedLinks) for existing in logger.filters):
            logger.addFilter(ScrubSignedLinks())
