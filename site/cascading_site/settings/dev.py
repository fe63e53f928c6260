"""Local development: ``make run``. SQLite and Wagtail's database search backend."""

import os

from cascading_pages.search.settings import search_backends

from .base import *  # noqa: F401,F403
from .base import VAR_DIR
from .env import env_bool, env_int, env_public_url, env_tasks

VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Where emailed links point (`make run` serves here); a tunnel or another port sets PUBLIC_URL.
CASCADING_PUBLIC_URL = env_public_url("PUBLIC_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = CASCADING_PUBLIC_URL

# Mail is written to files so a developer can read what leaders and coaches would receive.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"

# The browser tests and `make bench` point these at a database, media and indexes of their own.
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    # CONN_MAX_AGE as in production (default 0 here: a new connection per request).
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=env_int("CONN_MAX_AGE", 0), conn_health_checks=True
        )
    }
if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

WAGTAILSEARCH_BACKENDS = search_backends(
    url=os.environ.get("ELASTICSEARCH_URL"),
    index_prefix=os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "cascading_"),
)
TASKS = env_tasks("TASKS_BACKEND")
