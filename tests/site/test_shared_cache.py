"""Every process of a site shares one cache, so a change made anywhere reaches the directory at once.

Under `make run` (development settings) and in the tests, as in production, the cache is a table in
the site's database: a coach paused by the scheduled work, an import or another server process is
filtered and counted as paused by the next request, not after a restart.
"""

import pytest
from django.conf import settings
from django.db import connection

from cascading_pages.search.snapshot import forget_snapshots
from tests.factories import make_coach, make_directory, make_home
from tests.site import manage_py, run_with_settings

PROCESS_LOCAL = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
PRINT_CACHE = [
    "-c",
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'])",
]


def test_the_tests_share_their_cache_between_processes():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("module", ["dev", "production"])
def test_make_run_and_production_share_their_cache_between_processes(module, tmp_path):
    result = run_with_settings(
        f"cascading_site.settings.{module}",
        PRINT_CACHE,
        SECRET_KEY="k3y-" + "x7Q!pz" * 10,
        PUBLIC_URL="https://coaching.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    assert result.stdout.strip() not in PROCESS_LOCAL


def database_url():
    """This test run's database, for another process to open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def accepting(client, directory):
    host = directory.get_site().hostname
    response = client.get("/api/v1/coaches/", {"directory": directory.pk, "accepting": "1"}, HTTP_HOST=host)
    assert response.status_code == 200, response.content
    return sorted(coach["name"] for coach in response.json()["items"])


# serialized_rollback: the page tree's root, made by a migration, is back for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_coach_paused_by_another_process_is_filtered_out_at_once(client, tmp_path):
    forget_snapshots()
    directory = make_directory(make_home())
    make_coach(directory, title="Amara Okafor")
    make_coach(directory, title="Bethan Llewellyn")
    assert accepting(client, directory) == ["Amara Okafor", "Bethan Llewellyn"]

    # `manage.py shell` with the development settings (`make run`), on this run's database.
    pause = (
        "from cascading_pages.coaches import availability; "
        "from cascading_pages.coaches.models import CoachPage; "
        "coach = CoachPage.objects.get(title='Amara Okafor'); "
        "availability.update_state(coach, capacity=availability.state_for(coach).capacity, "
        "paused=True, available_again_on=None)"
    )
    result = run_with_settings(
        "cascading_site.settings.dev",
        [manage_py(), "shell", "-c", pause],
        DATABASE_URL=database_url(),
        MEDIA_ROOT=str(tmp_path),
        EMAIL_FILE_PATH=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr

    # This process still holds the snapshot from before in its memory: it must not answer from it.
    assert accepting(client, directory) == ["Bethan Llewellyn"]
