"""The test suite. An in-memory SQLite database unless DATABASE_URL says otherwise."""

import os
import tempfile

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
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.mkdtemp(prefix="cascading-test-db-"), "test.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}  # noqa: F405

# Whether a missing Elasticsearch fails the run instead of skipping those tests (CI sets it).
REQUIRE_ELASTICSEARCH = env_bool("CASCADING_REQUIRE_ELASTICSEARCH", False)

# Uploaded and generated files go to a throwaway folder, never the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="cascading-test-media-")
