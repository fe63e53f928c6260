"""Every named URL the Wagtail admin serves, as the permission matrix walks them."""

from django.urls import URLPattern, URLResolver, get_resolver


def admin_url_names(prefix="admin/"):
    """Fully qualified names of every URL pattern mounted under the admin, as a set."""

    def walk(patterns, route="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (
                    route + str(pattern.pattern),
                    f"{namespace}:{pattern.name}" if namespace else pattern.name,
                )

    return {name for route, name in walk(get_resolver().url_patterns) if route.startswith(prefix)}
