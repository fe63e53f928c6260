"""Cross-origin access and JSON errors for everything under the API's mount point.

Add ``"cascading_pages.api.middleware.ApiMiddleware"`` to ``MIDDLEWARE`` (after
``CommonMiddleware``). It does two things, and only for paths under the API:

- CORS, off unless ``CORS_ALLOWED_ORIGINS`` lists origins (``https://app.example.org``, exact
  matches only). An allowed origin gets ``Access-Control-Allow-Origin`` echoed back and its
  preflight ``OPTIONS`` answered; any other origin gets no CORS headers at all, so browsers
  keep the answer from it.
- A JSON body for errors that happen outside an operation: an API path that does not exist
  (Wagtail's HTML 404 otherwise) and a method an endpoint does not allow (ninja's text 405).
"""

from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse

from cascading_pages.api.errors import PROBLEM_CONTENT_TYPE, problem_response
from cascading_pages.conf import conf

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_REQUEST_HEADERS = "Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Cache-Control"
PREFLIGHT_MAX_AGE = "3600"


def api_prefix():
    """Where the host mounted the API, e.g. ``/api/v1/``; None when it is not mounted."""
    try:
        return reverse("cascading_api:api-root")
    except NoReverseMatch:
        return None


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = api_prefix()
        if prefix is None or not request.path.startswith(prefix):
            return self.get_response(request)

        origin = request.headers.get("Origin")
        allowed_origin = origin if origin and origin in allowed_origins() else None
        if (
            allowed_origin
            and request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
        ):
            response = self.preflight_response()
        else:
            response = self.json_errors(self.get_response(request))
        if allowed_origins():
            response.headers.setdefault("Vary", "Origin")
            if "Origin" not in response["Vary"]:
                response["Vary"] += ", Origin"
        if allowed_origin:
            response["Access-Control-Allow-Origin"] = allowed_origin
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    @staticmethod
    def preflight_response():
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response

    @staticmethod
    def json_errors(response):
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            ("application/json", PROBLEM_CONTENT_TYPE)
        ):
            return response
        if response.status_code == 405:
            return problem_response(
                405, "This endpoint does not allow that method.", headers={"Allow": response.get("Allow", "")}
            )
        if response.status_code == 404:
            return problem_response(404, "The API has no such endpoint.")
        return problem_response(response.status_code, "The request could not be handled.")


def allowed_origins():
    return set(conf.CORS_ALLOWED_ORIGINS)
