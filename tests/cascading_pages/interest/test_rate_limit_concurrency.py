"""Many expressions of interest from one address at the same moment: no more than the limit get in.

SQLite serialises every writer, so it cannot show a race; this runs on PostgreSQL, which the
suite uses in CI (tests/run-suite.sh sets DATABASE_URL).
"""

import threading

import pytest
from django.db import connection

from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.interest.receive import receive
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent row locks need PostgreSQL: set DATABASE_URL (tests/postgres/pg.sh url); CI does.",
)

SENDERS = 12
LIMIT = 5


# serialized_rollback: the page tree's root, made by a migration, is back for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_sends_from_one_address_never_exceed_the_limit(settings):
    settings.CASCADING_INTEREST_RATE_LIMIT = LIMIT
    home = make_home()
    coach = make_coach(make_directory(home), title="Priya Shah")
    page = make_interest_page(home)
    start = threading.Barrier(SENDERS)
    outcomes = []

    def send(n):
        try:
            start.wait(timeout=30)
            outcome = receive(page, interest_answers(coach, email=f"leader{n}@example.org"), "198.51.100.7")
            outcomes.append("limited" if outcome.rate_limited else "stored" if outcome.created else "other")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes) == ["limited"] * (SENDERS - LIMIT) + ["stored"] * LIMIT
    assert ExpressionOfInterest.objects.count() == LIMIT
    # Another address is not held up by them.
    assert receive(page, interest_answers(coach, email="else@example.org"), "198.51.100.8").created
