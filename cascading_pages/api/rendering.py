"""An answer sent as built, for an operation whose answer is large and built field by field.

Ninja validates what an operation returns against its response schema, then dumps it again: for
the directory's list (a dozen cards, every facet's options) that is a few milliseconds a request,
checking a dict this package built to the schema's shape. An operation that returns
``json_answer(data)`` skips it and sends ``data`` with ninja's own JSON renderer, so the bytes are
those ninja would send; its ``response=`` schema stays what the OpenAPI document shows.

The dict must then be in the schema's field order, with the schema's types: the tests
(``tests/cascading_pages/api/test_rendering.py``) check that each such answer is exactly its
schema's dump of itself.
"""

from django.http import HttpResponse
from ninja.renderers import JSONRenderer

RENDERER = JSONRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def json_answer(data, status=200):
    """A 200 (or ``status``) answer with ``data`` as JSON, as ninja renders it, not validated again."""
    return HttpResponse(
        RENDERER.render(None, data, response_status=status), status=status, content_type=CONTENT_TYPE
    )
