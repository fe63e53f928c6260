"""Error pages. When the database cannot be reached, visitors get a 503 that says "try again
shortly" (JSON under /api/), not a 500: the outage is ours, brief, and nothing was half saved.

Django calls ``handler500`` for an exception raised anywhere in the request (middleware, view or
template) while that exception is still being handled, so one check here covers them all.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error

logger = logging.getLogger("cascading_site")

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
API_MESSAGE = "The service is briefly unavailable. Please try again in a minute; nothing was saved."


def database_unavailable(request):
    """A 503 that needs no database: a static template, or a JSON error for API clients."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"errors": {"__all__": [API_MESSAGE]}}, status=503)
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error_or_unavailable(request, template_name="500.html"):
    """``handler500``: a database outage is a 503; anything else is Django's usual 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        logger.error("The database is unavailable; answered %s with a 503.", request.path)
        return database_unavailable(request)
    return server_error(request, template_name)
