"""Two acceptances at the same moment for a coach with one place left: exactly one passes.

SQLite serialises every writer, so it cannot show a race; this runs on PostgreSQL, which the
suite uses in CI (tests/run-suite.sh sets DATABASE_URL).
"""

import threading

import pytest
from django.db import connection

from cascading_pages.coaches import availability
from cascading_pages.interest import responses
from cascading_pages.interest.models import ExpressionOfInterest, Status
from cascading_pages.interest.receive import receive
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent row locks need PostgreSQL: set DATABASE_URL (tests/postgres/pg.sh url); CI does.",
)


ROUNDS = 5


# serialized_rollback: the page tree's root, made by a migration, is back for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_accepts_at_capacity_let_exactly_one_through():
    home = make_home()
    directory = make_directory(home)
    page = make_interest_page(home)
    for round in range(ROUNDS):
        coach = make_coach(directory, title=f"Coach {round}")
        availability.update_state(coach, capacity=1, paused=False, available_again_on=None)
        leaders = [
            receive(
                page, interest_answers(coach, email=f"leader{round}-{n}@example.org"), f"192.0.2.{n}"
            ).submission
            for n in (1, 2)
        ]
        race(coach, leaders)


def race(coach, leaders):
    start = threading.Barrier(2)
    outcomes = []

    def accept(submission):
        try:
            start.wait(timeout=30)
            responses.accept(submission, coach)
            outcomes.append("accepted")
        except responses.AtCapacity:
            outcomes.append("at capacity")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(leader,)) for leader in leaders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["accepted", "at capacity"]
    assert ExpressionOfInterest.objects.filter(current_coach=coach, status=Status.ACCEPTED).count() == 1
    coach.refresh_from_db()
    assert not coach.accepting_new_leaders
