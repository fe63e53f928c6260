"""The database goes away under a running site: visitors and API clients get a clear 503, nothing
is half saved, and the site works again the moment the database is back.

A real PostgreSQL server (tests/postgres/pg.sh) behind real gunicorn workers with production
settings; the server is stopped and started, and a connection is killed in mid-transaction.
"""

import json
import os
import uuid

import pytest
import requests

from tests.production_stack import ProductionStack, postgres_installable

pytestmark = pytest.mark.slow

BUILD_SITE = """
import json
from tests.factories import make_coach, make_directory, make_home, make_interest_page
home = make_home()
coach = make_coach(make_directory(home), title="Priya Shah")
form = make_interest_page(home)
print(json.dumps({"coach_url": coach.url, "coach_id": coach.pk, "form_id": form.pk, "form_url": form.url}))
"""
COUNT_ROWS = (
    "SELECT (SELECT count(*) FROM cascading_pages_expressionofinterest) || ',' ||"
    " (SELECT count(*) FROM cascading_pages_expressionofintereststatuschange) || ',' ||"
    " (SELECT count(*) FROM cascading_pages_outboxemail)"
)


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


def answers(stack, token, name="Amara Okafor", email="amara@example.org"):
    # One open expression of interest per leader: each story uses its own leader's address.
    return {
        "submission_token": token,
        "leader_name": name,
        "email": email,
        "role": "Chief executive",
        "organisation": "Riverside Wellbeing",
        "income_band": "50k-150k",
        "first_choice_coach": stack.site["coach_id"],
        "hopes": "To grow.",
        "payment": "organisation",
        "privacy_consent": True,
    }


def submit(stack, body):
    return requests.post(
        stack.url(f"/api/v1/forms/{stack.site['form_id']}/"),
        data=json.dumps(body),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


def row_counts(stack):
    return tuple(int(n) for n in stack.psql(COUNT_ROWS).split(","))


def test_while_the_database_is_down_everyone_gets_a_clear_503_and_then_it_recovers(stack):
    coach_page = stack.url(stack.site["coach_url"])
    form_api = stack.url(f"/api/v1/forms/{stack.site['form_id']}/")
    assert requests.get(coach_page, timeout=30).status_code == 200
    assert requests.get(form_api, timeout=30).status_code == 200
    token = str(uuid.uuid4())  # a front end makes one per filled-in form
    before = row_counts(stack)

    stack.stop_database()
    try:
        for _ in range(3):  # every worker, whatever connection it held
            page = requests.get(coach_page, timeout=30)
            assert page.status_code == 503
            assert "This site is briefly unavailable" in page.text
            assert page.headers["Retry-After"] == "30"
            assert page.headers["Content-Type"].startswith("text/html")

        for response in (requests.get(form_api, timeout=30), submit(stack, answers(stack, token))):
            assert response.status_code == 503
            assert response.headers["Content-Type"] == "application/json"
            assert "try again" in response.json()["errors"]["__all__"][0]

        assert requests.get(stack.url("/admin/login/"), timeout=30).status_code == 503
        form_page = requests.post(stack.url(stack.site["form_url"]), data={"leader_name": "x"}, timeout=30)
        assert form_page.status_code in (403, 503)  # no CSRF cookie: refused either way, never a 500
    finally:
        stack.start_database()

    # Back at once: every worker checks its kept connection before reusing it.
    for _ in range(6):
        assert requests.get(coach_page, timeout=30).status_code == 200
    assert row_counts(stack) == before, "nothing was written while the database was down"

    # The leader sends the same form again and it is stored, once.
    assert submit(stack, answers(stack, token)).status_code == 201
    assert submit(stack, answers(stack, token)).status_code == 201
    assert row_counts(stack) == (before[0] + 1, before[1] + 1, before[2] + 3)
    assert "Internal Server Error" not in stack.web_log()


def test_a_restart_between_requests_goes_unnoticed(stack):
    coach_page = stack.url(stack.site["coach_url"])
    for _ in range(6):  # every worker now keeps an open connection
        assert requests.get(coach_page, timeout=30).status_code == 200
    stack.stop_database()
    stack.start_database()
    # Each worker's kept connection is dead; it is checked and replaced before the request uses it.
    assert [requests.get(coach_page, timeout=30).status_code for _ in range(6)] == [200] * 6


def test_a_connection_lost_mid_submission_leaves_no_half_written_rows(stack):
    token = str(uuid.uuid4())  # a front end makes one per filled-in form
    before = row_counts(stack)
    # The submission row is written, then the connection dies as the status history row follows.
    stack.psql(
        "CREATE FUNCTION die_mid_submission() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); RETURN NEW; END $$;"
        " CREATE TRIGGER die_mid_submission BEFORE INSERT ON cascading_pages_expressionofintereststatuschange"
        " FOR EACH ROW EXECUTE FUNCTION die_mid_submission();"
    )
    try:
        response = submit(stack, answers(stack, token, name="Half Written", email="half.written@example.org"))
        assert response.status_code == 503
        assert row_counts(stack) == before, "the whole submission was rolled back"
    finally:
        stack.psql("DROP TRIGGER die_mid_submission ON cascading_pages_expressionofintereststatuschange;")

    assert (
        submit(
            stack, answers(stack, token, name="Half Written", email="half.written@example.org")
        ).status_code
        == 201
    )
    assert row_counts(stack) == (before[0] + 1, before[1] + 1, before[2] + 3)
    assert (
        stack.psql(
            "SELECT count(*) FROM cascading_pages_expressionofinterest WHERE leader_name = 'Half Written'"
        )
        == "1"
    )
