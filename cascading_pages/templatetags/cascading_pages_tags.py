from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The live, public pages marked "show in menus" directly under the current site's root."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().public().in_menu().specific()


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.specific if site else None


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with ``changes`` applied; ``None`` removes a parameter.

    Pagination and filter links use it so that a link keeps every other active filter.
    """
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
