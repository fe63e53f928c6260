"""The test suite. An in-memory SQLite database unless DATABASE_URL says otherwise."""

import os
import tempfile
import uuid

from .base import *  # noqa: F401,F403
from .env import elasticsearch_backend, env_bool

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}

# Whether a missing Elasticsearch fails the run instead of skipping those tests (CI sets it).
REQUIRE_ELASTICSEARCH = env_bool("CASCADING_REQUIRE_ELASTICSEARCH", False)

# The database backend is the default; with a node to test against (`make test` starts one), an
# Elasticsearch backend is kept up to date beside it, in indexes of this run's own (see
# tests/elasticsearch_helpers.py). Directory tests run against each alias in turn.
ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "")
ELASTICSEARCH_TEST_INDEX_PREFIX = f"cascading_test_{uuid.uuid4().hex[:10]}_"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if ELASTICSEARCH_TEST_URL:
    WAGTAILSEARCH_BACKENDS["elasticsearch"] = elasticsearch_backend(
        ELASTICSEARCH_TEST_URL, index_prefix=ELASTICSEARCH_TEST_INDEX_PREFIX, timeout=30
    )
CASCADING_DIRECTORY_SEARCH_BACKEND = "default"
CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"

# Uploaded and generated files go to a throwaway folder, never the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="cascading-test-media-")
