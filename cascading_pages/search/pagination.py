from django.core.paginator import Paginator
from django.http import QueryDict

from cascading_pages.conf import conf


def get_page_size():
    return conf.CASCADING_DIRECTORY_PAGE_SIZE


def paginate_queryset(queryset, page_number, per_page=None):
    """One page of ``queryset`` for the ``page`` parameter ``page_number``.

    A page number that is not a number gives the first page, one past the end the last page:
    a shared link that has gone stale still shows coaches rather than an error.
    """
    return Paginator(queryset, per_page or get_page_size()).get_page(page_number)


def paginate_ids(ids, page_number, queryset, per_page=None, fetch=None):
    """One page of the objects of ``queryset`` whose primary keys are ``ids``, kept in that order.

    ``ids`` is a list or a ``values_list("pk", flat=True)`` queryset: only the page's ids are read,
    then its objects are fetched in one query (plus ``queryset``'s prefetches), or by
    ``fetch(page_ids)`` ({pk: object}, leaving out any ``queryset`` would not give).
    """
    page = paginate_queryset(ids, page_number, per_page)
    page_ids = list(page.object_list)
    objects = fetch(page_ids) if fetch else queryset.in_bulk(page_ids)
    page.object_list = [objects[pk] for pk in page_ids if pk in objects]
    return page


def paginate(request, object_list, per_page=None):
    return paginate_queryset(object_list, request.GET.get("page"), per_page)


def with_params(params, **values):
    """``params`` (a QueryDict) as a new QueryDict with ``values`` set; a value of None leaves that
    parameter out (``page=None``: from the first page)."""
    changed = QueryDict(mutable=True)
    for key in params:
        if key not in values:
            changed.setlist(key, params.getlist(key))
    for name, value in values.items():
        if value is not None:
            changed[name] = value
    return changed
