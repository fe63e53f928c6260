"""The site's one public address, the start of every link the plugin writes into an email.

Emails leave the request behind: a link in one must not follow whatever ``Host`` a request sent (an
invitation asked for through ``evil.example`` would otherwise send a coach there), nor the Site's
root URL, which is ``http://localhost`` until an editor changes it. Every emailed link is built
here from ``CASCADING_PUBLIC_URL`` (``https://coaching.example.org``; production refuses to start
without an https one), falling back to ``WAGTAILADMIN_BASE_URL`` for a host that set only that::

    from cascading_pages.public_url import page_url, public_url

    public_url(reverse("cascading_coach_response", args=[token]))  # https://coaching.example.org/…
    page_url(coach)                                                # https://coaching.example.org/coaches/…

A host that has configured neither gets links to pages from the page's Site, and no admin links.
"""

from cascading_pages.conf import conf


def configured_base():
    """The configured public address without a trailing slash, or "" when the host set none."""
    return (conf.CASCADING_PUBLIC_URL or conf.WAGTAILADMIN_BASE_URL or "").rstrip("/")


def public_url(path="", page=None):
    """``path`` (from ``reverse()``) as a full address on the site's public address.

    Without one configured: on ``page``'s Site when a page is given, else "" (the email leaves the
    link out).
    """
    base = configured_base()
    if not base and page is not None:
        site = page.get_site()
        base = site.root_url.rstrip("/") if site is not None else ""
    return base + path if base else ""


def page_url(page):
    """The full public address of ``page``, or "" when it has none (not routable, or no page)."""
    parts = page.get_url_parts() if page is not None else None
    if parts is None:
        return ""
    return public_url(parts[2], page=page)
