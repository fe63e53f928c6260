"""The test suite: a throwaway SQLite file, or the database DATABASE_URL names (PostgreSQL in CI)."""

import os
import tempfile
import uuid

from cascading_pages.search.settings import elasticsearch_backend, opensearch_backend

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    # A file, not memory: tests that run a real server send it concurrent requests, which need
    # a connection per thread. IMMEDIATE transactions make concurrent writers wait their turn
    # instead of failing with "database is locked".
    # In memory-backed /dev/shm where there is one: nothing here needs to survive the run.
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="cascading-test-db-", dir=scratch), "test.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA synchronous=OFF",
    }

# Whether a missing Elasticsearch (or OpenSearch) fails the run instead of skipping those tests
# (CI sets it).
REQUIRE_ELASTICSEARCH = env_bool("CASCADING_REQUIRE_ELASTICSEARCH", False)
REQUIRE_OPENSEARCH = env_bool("CASCADING_REQUIRE_OPENSEARCH", False)

# The database backend is the default; with a node to test against (`make test` starts one), an
# Elasticsearch backend is kept up to date beside it, in indexes of this run's own (see
# tests/elasticsearch_helpers.py); an OpenSearch node (tests/opensearch/os.sh) adds an
# ``opensearch`` alias the same way. Directory tests run against each alias in turn.
ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "")
OPENSEARCH_TEST_URL = os.environ.get("OPENSEARCH_TEST_URL", "")
ELASTICSEARCH_TEST_INDEX_PREFIX = f"cascading_test_{uuid.uuid4().hex[:10]}_"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if ELASTICSEARCH_TEST_URL:
    WAGTAILSEARCH_BACKENDS["elasticsearch"] = elasticsearch_backend(
        ELASTICSEARCH_TEST_URL, index_prefix=ELASTICSEARCH_TEST_INDEX_PREFIX, timeout=30
    )
if OPENSEARCH_TEST_URL:
    WAGTAILSEARCH_BACKENDS["opensearch"] = opensearch_backend(
        OPENSEARCH_TEST_URL, index_prefix=ELASTICSEARCH_TEST_INDEX_PREFIX, timeout=30
    )
CASCADING_DIRECTORY_SEARCH_BACKEND = "default"
CASCADING_DIRECTORY_FALLBACK_BACKEND = "default"

# Uploaded and generated files go to a throwaway folder, never the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="cascading-test-media-")
