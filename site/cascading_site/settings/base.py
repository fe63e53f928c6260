"""Settings shared by every environment of the host project.

The reusable apps (``cascading_pages``, ``search``) live at the top of the repository; this
package only wires them into a runnable Wagtail site.
"""

from datetime import timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/cascading_site
SITE_DIR = PROJECT_DIR.parent  # site/
BASE_DIR = SITE_DIR.parent  # repository root
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    # The host: its own commands (ensure_admin, the benchmarks) and the site-wide search page.
    "cascading_site",
    "search",
    # Failed-login throttling (AUTHENTICATION_BACKENDS, AXES_* below).
    "axes",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # /sitemap.xml: every live, public page of the site asked for (cascading_site/urls.py).
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    # The search query log and promoted results ("Recommended" first in the directory and on
    # /search/), which the plugin's search terms report reads (cascading_pages/search/querylog.py).
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail_headless_preview",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # The plugin, after wagtail.search: it puts its own index receivers in place of Wagtail's
    # (cascading_pages/search/indexing.py).
    "cascading_pages",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    # The task queue's table (used when TASKS_BACKEND=database; see settings/env.py).
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: an upload bigger than any may be gets a 413 page.
    "cascading_pages.uploads.UploadSizeLimitMiddleware",
    "cascading_site.security.SecurityHeadersMiddleware",
    # Anonymous visitors' pages from the shared cache, before any session or routing work
    # (cascading_pages/pagecache).
    "cascading_pages.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cascading_pages.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Keeps a coach's admin to the views they need (see cascading_pages/coaches/lockdown.py).
    "cascading_pages.coaches.lockdown.CoachAdminAllowlistMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused by the throttle into its "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cascading_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The host's layout and overrides of the apps' templates.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cascading_site.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's model backend, behind django-axes: after 5 failed logins for one account from one address,
# that account is refused from that address for 15 minutes (and each failure meanwhile restarts
# the wait); any other address, the account's owner's included, is not affected. Counts are rows
# in the database, incremented atomically under a row lock (no cache involved). The address is the
# real client's behind the proxies (cascading_pages.client_address). SECURITY.md "Logins".
AUTHENTICATION_BACKENDS = [
    "cascading_site.security.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "cascading_site.security.login_client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cascading_site.security.login_locked_out"
# Only failures are recorded (and forgotten after the cool-off): no log of every login.
AXES_DISABLE_ACCESS_LOG = True

# Security headers on every response (HSTS and secure cookies are added in production, over HTTPS).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Cascading Leadership"
# No upgrade notice or "What's new" banner in the admin (nor a call to Wagtail's release server):
# the site is upgraded by its developers, not its editors.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Avatars come from uploads only: the admin never asks another host for a picture of anyone.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The site's public address, the start of every link in an email (the plugin's and, through
# WAGTAILADMIN_BASE_URL, Wagtail's: password resets, moderation). Production requires an https one
# from PUBLIC_URL; development reads PUBLIC_URL too.
CASCADING_PUBLIC_URL = "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = CASCADING_PUBLIC_URL

# The embedded default; production switches to Elasticsearch or OpenSearch when ELASTICSEARCH_URL or
# OPENSEARCH_URL is set.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}

# One cache every process shares, in the site's own database: the directory's snapshots and their
# generation (cascading_pages/search/snapshot.py), Wagtail's site root paths. A change made by the
# scheduled work, an import or another server process reaches every process at once; a per-process
# memory cache would go on serving what it had until a restart. Its table is made by `migrate`
# (cascading_site/migrations). Production can use Redis instead (settings/production.py).
# It also keeps anonymous visitors' pages (cascading_pages/pagecache): one entry per page and
# directory query, so it holds far more than Django's default 300 entries, past which the database
# cache would drop a third of them (the snapshots' generation among them) on every write.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cascading_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

# Search index updates (and Wagtail's other tasks) run at once; production can queue them for a
# worker instead (TASKS_BACKEND=database, site/README.md "Background tasks and the worker").
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
# One upload policy (cascading_pages/uploads.py): every file at most 10 MB, every image at most 40
# million pixels, the profile picture and Pillow itself included.
CASCADING_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
CASCADING_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = CASCADING_MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_UPLOAD_SIZE = CASCADING_MAX_UPLOAD_SIZE
WAGTAILIMAGES_MAX_IMAGE_PIXELS = CASCADING_MAX_IMAGE_PIXELS
# Form fields are read into memory up to this (a request's non-file data beyond it is refused);
# uploaded files bigger than FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Guidance on alt text where an image is edited, and a description required for coach photos.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cascading_pages.coaches.photos.ImageForm"

DEFAULT_FROM_EMAIL = "Cascading Leadership <no-reply@cascading-leadership.invalid>"

# The JSON API (cascading_pages/api/README.md). Origins allowed to call it from a browser: none unless listed.
CORS_ALLOWED_ORIGINS = []
CASCADING_API_CACHE_SECONDS = 300
# Draft previews in a decoupled front end: set CLIENT_URLS {"default": "https://app.example/preview"}.
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {}}
CASCADING_PREVIEW_TOKEN_MAX_AGE = 60 * 60

# The plugin's settings: every one it reads, with its default, is listed in cascading_pages/conf.py.
# How many coaches a directory page shows.
CASCADING_DIRECTORY_PAGE_SIZE = 12
# The search backend alias the directory asks, and the one it answers from when that fails
# (ignored unless configured above, as it is beside Elasticsearch).
CASCADING_DIRECTORY_SEARCH_BACKEND = "default"
CASCADING_DIRECTORY_FALLBACK_BACKEND = "database"

# Expressions of interest: at most this many from one address per period (0 turns the limit off).
CASCADING_INTEREST_RATE_LIMIT = 5
CASCADING_INTEREST_RATE_LIMIT_PERIOD = 60 * 60
# Where a request came from, for that limit and the login throttle (cascading_pages/client_address.py):
# the number of reverse proxies in front of the site, each appending to the header named. 0: the site
# is reached directly and the address is REMOTE_ADDR. Production reads both from the environment.
CASCADING_TRUSTED_PROXY_COUNT = 0
CASCADING_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
# Submissions older than this are anonymised by `manage.py anonymise_expressions_of_interest`.
CASCADING_INTEREST_RETENTION_DAYS = 2 * 365

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "cascading_pages": {"handlers": ["console"], "level": "INFO"},
        "cascading_site": {"handlers": ["console"], "level": "INFO"},
    },
}
