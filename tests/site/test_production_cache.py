"""Production: a coach paused from a separate `manage.py` process is filtered out by every gunicorn
worker at once, through the database cache they all share.

A real PostgreSQL server (tests/postgres/pg.sh) behind two gunicorn workers with production
settings. Each worker is asked in turn, the other one stopped (SIGSTOP) so that it cannot take the
request; each has built its directory snapshot before the pause and keeps it in its memory.
"""

import contextlib
import os
import signal

import pytest
import requests

from tests.production_stack import ProductionStack, postgres_installable

pytestmark = pytest.mark.slow

BUILD_SITE = """
import json
from tests.factories import make_coach, make_directory, make_home
directory = make_directory(make_home())
make_coach(directory, title="Amara Okafor")
make_coach(directory, title="Bethan Llewellyn")
print(json.dumps({"directory": directory.pk, "host": directory.get_site().hostname}))
"""
PAUSE = """
import json
from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachPage
coach = CoachPage.objects.get(title="Amara Okafor")
availability.update_state(coach, capacity=availability.state_for(coach).capacity, paused=True,
                          available_again_on=None)
print(json.dumps("paused"))
"""


@pytest.fixture(scope="module")
def stack():
    if not postgres_installable() and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    stack = ProductionStack(workers=2)
    try:
        stack.start_database()
        stack.prepare()
        stack.site = stack.run_python(BUILD_SITE)
        stack.start_web()
        yield stack
    finally:
        stack.close()


@contextlib.contextmanager
def only(stack, worker):
    """Every other worker stopped, so ``worker`` takes the requests."""
    others = [pid for pid in stack.worker_pids() if pid != worker]
    for pid in others:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in others:
            os.kill(pid, signal.SIGCONT)


def accepting(stack):
    response = requests.get(
        stack.url("/api/v1/coaches/"),
        params={"directory": stack.site["directory"], "accepting": "1"},
        headers={"Host": stack.site["host"], "Connection": "close"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return sorted(coach["name"] for coach in response.json()["items"])


def every_workers_answer(stack):
    workers = stack.worker_pids()
    assert len(workers) == 2
    answers = {}
    for worker in workers:
        with only(stack, worker):
            answers[worker] = accepting(stack)
    return list(answers.values())


def test_a_pause_from_another_process_reaches_every_worker_at_once(stack):
    both = ["Amara Okafor", "Bethan Llewellyn"]
    assert every_workers_answer(stack) == [both, both]

    assert stack.run_python(PAUSE) == "paused"

    assert every_workers_answer(stack) == [["Bethan Llewellyn"], ["Bethan Llewellyn"]]
