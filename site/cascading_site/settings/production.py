"""Production: everything secret or site-specific comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, PUBLIC_URL (https). Usual: DATABASE_URL (PostgreSQL), ELASTICSEARCH_URL or
OPENSEARCH_URL, TASKS_BACKEND, EMAIL_HOST and friends, CSRF_TRUSTED_ORIGINS, CORS_ALLOWED_ORIGINS,
HEADLESS_PREVIEW_URL.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .env import env_bool, env_int, env_list, env_public_url, env_search_backends, env_tasks

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
if os.environ.get("HEADLESS_PREVIEW_URL"):
    WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": os.environ["HEADLESS_PREVIEW_URL"]}}

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            # A kept connection is checked before each request reuses it, so a worker recovers
            # on its first request after the database restarts instead of failing once.
            conn_health_checks=True,
        )
    }

# Elasticsearch when ELASTICSEARCH_URL is set, OpenSearch when OPENSEARCH_URL is (each with its own
# _INDEX_PREFIX, _TIMEOUT and _REPLICAS), the database beside either; the database alone otherwise.
WAGTAILSEARCH_BACKENDS = env_search_backends()
# "database" queues search index updates (and Wagtail's other tasks) for `manage.py db_worker`, so
# a slow search cluster never slows a publish; the default runs them at once.
TASKS = env_tasks("TASKS_BACKEND")

# Every link in an email starts here, Wagtail's (password resets, moderation) included: never the
# Site's root URL or a request's Host header.
CASCADING_PUBLIC_URL = env_public_url("PUBLIC_URL", require_https=True)
WAGTAILADMIN_BASE_URL = CASCADING_PUBLIC_URL

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = os.environ["STATIC_ROOT"]
if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]

MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[:1],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],  # noqa: F405
]

# Static files with hashed names, compressed, served by WhiteNoise with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The cache every app process shares: the database's table (settings/base.py, made by `migrate`),
# or Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Anonymous visitors' pages from the shared cache (cascading_pages/pagecache); an empty
# CASCADING_PAGE_CACHE turns it off (the load benchmark's uncached run).
CASCADING_PAGE_CACHE = os.environ.get("CASCADING_PAGE_CACHE", "default") or None

# A caching proxy in front (Varnish with site/deploy/varnish.vcl, or a CDN with an HTTP purge API):
# public pages carry s-maxage, and every committed change purges them (site/README.md).
if os.environ.get("FRONTEND_CACHE_URL"):
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    }
    CASCADING_PAGE_SHARED_MAX_AGE = env_int("CASCADING_PAGE_SHARED_MAX_AGE", 60 * 60)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CASCADING_INTEREST_RATE_LIMIT = env_int("CASCADING_INTEREST_RATE_LIMIT", CASCADING_INTEREST_RATE_LIMIT)  # noqa: F405
CASCADING_INTEREST_RATE_LIMIT_PERIOD = env_int(
    "CASCADING_INTEREST_RATE_LIMIT_PERIOD",
    CASCADING_INTEREST_RATE_LIMIT_PERIOD,  # noqa: F405
)
# Production always runs behind a reverse proxy or load balancer: say how many, and which header
# they write the client's address into (SECURITY.md "Behind a proxy").
CASCADING_TRUSTED_PROXY_COUNT = env_int("CASCADING_TRUSTED_PROXY_COUNT", CASCADING_TRUSTED_PROXY_COUNT)  # noqa: F405
CASCADING_CLIENT_IP_HEADER = os.environ.get("CASCADING_CLIENT_IP_HEADER") or CASCADING_CLIENT_IP_HEADER  # noqa: F405
CASCADING_INTEREST_RETENTION_DAYS = env_int(
    "CASCADING_INTEREST_RETENTION_DAYS",
    CASCADING_INTEREST_RETENTION_DAYS,  # noqa: F405
)
