"""Every setting the plugin reads, with the default it uses when the host's settings leave it out.

A host needs none of the ``CASCADING_*`` settings: set one in the project's settings module only to
change its default. Plugin code reads them here, at call time, so ``override_settings`` (and a
test's ``settings`` fixture) take effect::

    from cascading_pages.conf import conf

    page_size = conf.CASCADING_DIRECTORY_PAGE_SIZE

This module imports nothing but Django's settings, so any module of the plugin may use it.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Setting:
    default: object
    meaning: str


SETTINGS = {
    # The coach directory (cascading_pages.coaches, cascading_pages.search).
    "CASCADING_DIRECTORY_PAGE_SIZE": Setting(12, "How many coaches (or search results) a page lists."),
    "CASCADING_DIRECTORY_SEARCH_BACKEND": Setting(
        "default", "The WAGTAILSEARCH_BACKENDS alias the directory searches."
    ),
    "CASCADING_DIRECTORY_FALLBACK_BACKEND": Setting(
        "database",
        "The alias the directory answers from when its backend fails; ignored unless configured.",
    ),
    "CASCADING_DIRECTORY_MAX_MATCHES": Setting(
        1_000, "How many of a text search's best matches the directory filters, counts and pages."
    ),
    # The JSON API (cascading_pages.api).
    "CASCADING_API_CACHE_SECONDS": Setting(300, "Cache-Control max-age of the API's public answers."),
    "CASCADING_PREVIEW_TOKEN_MAX_AGE": Setting(60 * 60, "Seconds a headless draft-preview token is valid."),
    # Pages kept for visitors who are not logged in (cascading_pages.pagecache).
    "CASCADING_PAGE_CACHE": Setting(
        "default", "The CACHES alias pages are kept in, shared by every process; None turns it off."
    ),
    "CASCADING_PAGE_CACHE_SECONDS": Setting(
        24 * 60 * 60, "How long a kept page stays in the cache (any change makes it out of date sooner)."
    ),
    "CASCADING_PAGE_SHARED_MAX_AGE": Setting(
        0,
        "Cache-Control s-maxage of public pages: how long a CDN or caching proxy may keep them. "
        "Set it only where the frontend cache is purged on changes (WAGTAILFRONTENDCACHE).",
    ),
    # Expressions of interest (cascading_pages.interest).
    "CASCADING_INTEREST_RATE_LIMIT": Setting(
        5, "Submissions one address may send per period; 0 turns the limit off."
    ),
    "CASCADING_INTEREST_RATE_LIMIT_PERIOD": Setting(60 * 60, "The rate limit's period, in seconds."),
    "CASCADING_INTEREST_RETENTION_DAYS": Setting(
        2 * 365, "Days after which anonymise_expressions_of_interest anonymises a submission."
    ),
    # Where a request came from, for the rate limit and the login throttle
    # (cascading_pages.client_address).
    "CASCADING_TRUSTED_PROXY_COUNT": Setting(
        0,
        "How many reverse proxies in front of the site append to CASCADING_CLIENT_IP_HEADER; "
        "0: the site is reached directly and the sender is REMOTE_ADDR.",
    ),
    "CASCADING_CLIENT_IP_HEADER": Setting(
        "HTTP_X_FORWARDED_FOR",
        "The request.META key of the header the proxies write the sender's address into "
        '(read only behind proxies; "HTTP_X_REAL_IP" for a proxy that overwrites X-Real-IP).',
    ),
    # Signed links in coaches' emails (cascading_pages.signed_links).
    "CASCADING_LINK_MAX_AGE_DAYS": Setting(
        {"coach-response": 21, "profile-check": 60},
        "Days each kind of emailed link works; a host lists only the kinds it changes.",
    ),
    # Links in emails (cascading_pages.public_url).
    "CASCADING_PUBLIC_URL": Setting(
        "",
        "The site's public address (https://coaching.example.org), the start of every link in an "
        "email; unset, WAGTAILADMIN_BASE_URL. Set WAGTAILADMIN_BASE_URL to the same, for Wagtail's.",
    ),
    # Uploads (cascading_pages.uploads).
    "CASCADING_MAX_UPLOAD_SIZE": Setting(
        10 * 1024 * 1024,
        "Bytes an uploaded file may have (images, documents, profile pictures); set "
        "WAGTAILIMAGES_MAX_UPLOAD_SIZE and WAGTAILDOCS_MAX_UPLOAD_SIZE to the same.",
    ),
    "CASCADING_MAX_IMAGE_PIXELS": Setting(
        40_000_000,
        "Pixels an image may have: Pillow refuses bigger ones before decoding them; set "
        "WAGTAILIMAGES_MAX_IMAGE_PIXELS to the same.",
    ),
    # Settings of Django's and Wagtail's that the plugin reads too, where Django has no default.
    "WAGTAILADMIN_BASE_URL": Setting(
        "", "Where the admin is served (https://cms.example.org), for links in emails; set it."
    ),
    "WAGTAIL_SITE_NAME": Setting("Cascading Leadership", "The site's name in coaches' invitation emails."),
    "CORS_ALLOWED_ORIGINS": Setting([], "Origins whose browsers may call the API (exact matches)."),
}


#: Settings the plugin no longer reads, and what replaced them: a host still setting one is told so
#: by ``manage.py check``, rather than silently getting a default it did not choose.
RETIRED = {
    "CASCADING_INTEREST_CLIENT_IP_HEADER": (
        "the sender's address follows CASCADING_TRUSTED_PROXY_COUNT (and CASCADING_CLIENT_IP_HEADER), "
        "which the login throttle reads too."
    ),
}


def retired_settings():
    """``(name, what replaced it)`` for each retired setting the host still sets."""
    return [(name, replacement) for name, replacement in RETIRED.items() if hasattr(settings, name)]


def default(name):
    """The plugin's default for the setting ``name``, whatever the host has set."""
    return SETTINGS[name].default


class Conf:
    """The host's value of each setting in ``SETTINGS``, or the plugin's default, read at call time."""

    def __getattr__(self, name):
        if name not in SETTINGS:
            raise AttributeError(f"{name} is not a setting of the plugin's (see cascading_pages/conf.py)")
        return getattr(settings, name, SETTINGS[name].default)

    def __dir__(self):
        return list(SETTINGS)


conf = Conf()
