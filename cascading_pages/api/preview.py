"""A draft preview for a decoupled front end: the unsaved page behind a signed, short-lived token.

The Wagtail admin's "Decoupled front end" preview mode (``cascading_pages.content.preview``) sends the front
end ``content_type`` and ``token``; the front end passes both here and renders the answer exactly
as it renders ``/pages/{id}/``. Tokens older than ``CASCADING_PREVIEW_TOKEN_MAX_AGE`` seconds
(default an hour) or with a bad signature get a 404, and no answer is ever cached.
"""

from django.apps import apps
from django.core.signing import BadSignature
from django.http import Http404
from ninja import Query, Router
from ninja.decorators import decorate_view

from cascading_pages.api.caching import private_answer
from cascading_pages.api.errors import ERROR_RESPONSES
from cascading_pages.api.representation import page_detail
from cascading_pages.api.schemas import PageDetail
from cascading_pages.conf import conf
from cascading_pages.content.preview import HeadlessPreviewable

router = Router(tags=["preview"])


@router.get(
    "/",
    response={200: PageDetail, **ERROR_RESPONSES},
    summary="A draft page being previewed",
    operation_id="preview_detail",
)
@decorate_view(private_answer())
def preview_page(
    request,
    content_type: str = Query(
        ..., max_length=100, description="As given to the front end, e.g. `cascading_pages.coachpage`."
    ),
    token: str = Query(..., max_length=500, description="As given to the front end; valid for an hour."),
):
    model = _previewable_model(content_type)
    try:
        model.get_preview_signer().unsign(token, max_age=_max_age())
        page = model.get_page_from_preview_token(token)
    except BadSignature:  # also SignatureExpired
        page = None
    if page is None:
        raise Http404("No preview matches that token; it may have expired.")
    return page_detail(page, request)


def _previewable_model(label):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    if model is None or not issubclass(model, HeadlessPreviewable):
        raise Http404("Pages of that type cannot be previewed.")
    return model


def _max_age():
    return conf.CASCADING_PREVIEW_TOKEN_MAX_AGE
