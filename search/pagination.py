from django.conf import settings
from django.core.paginator import Paginator

DEFAULT_PAGE_SIZE = 12


def get_page_size():
    return getattr(settings, "CASCADING_DIRECTORY_PAGE_SIZE", DEFAULT_PAGE_SIZE)


def paginate(request, object_list, per_page=None):
    """One page of ``object_list`` for ``?page=``.

    A page number that is not a number gives the first page, one past the end the last page:
    a shared link that has gone stale still shows coaches rather than an error.
    """
    paginator = Paginator(object_list, per_page or get_page_size())
    return paginator.get_page(request.GET.get("page"))
