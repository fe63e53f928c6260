"""Failed logins arriving at the same moment are each counted: no lost update shortens a lockout.

SQLite serialises every writer, so it cannot show a race; this runs on PostgreSQL, which the
suite uses in CI (tests/run-suite.sh sets DATABASE_URL).
"""

import threading

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import Client

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent row locks need PostgreSQL: set DATABASE_URL (tests/postgres/pg.sh url); CI does.",
)

GUESSES = 8


# serialized_rollback: the page tree's root, made by a migration, is back for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_wrong_passwords_are_all_counted_and_lock_the_account_from_that_address(settings):
    settings.AXES_FAILURE_LIMIT = 50  # counting, not locking, is what races here
    get_user_model().objects.create_user("editor", "editor@example.org", "correct horse battery")
    start = threading.Barrier(GUESSES)
    statuses = []

    def guess():
        try:
            start.wait(timeout=30)
            response = Client().post(
                "/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="198.51.100.9"
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [200] * GUESSES
    counted = AccessAttempt.objects.filter(username="editor", ip_address="198.51.100.9")
    assert counted.aggregate(total=Sum("failures_since_start"))["total"] == GUESSES

    settings.AXES_FAILURE_LIMIT = GUESSES
    refused = Client().post(
        "/admin/login/",
        {"username": "editor", "password": "correct horse battery"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert refused.status_code == 429
