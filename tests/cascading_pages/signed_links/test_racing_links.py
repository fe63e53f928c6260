"""A coach's emailed answer link, clicked four times at once: one answer, never a server error.

Email clients, scanners and impatient double clicks send the same link more than once. Exactly one
POST acts; the others see "This link cannot be used". The token is a password in all but name: it
never reaches the logs, and no page behind a link is kept by a cache or named in a Referer.
"""

import logging
import re
import threading

import pytest
import requests
from django.views.debug import ExceptionReporter

from cascading_pages import scheduler
from cascading_pages.interest.models import Status
from cascading_pages.interest.receive import receive
from cascading_pages.signed_links import COACH_RESPONSE, make_token, read_token
from tests.factories import (
    emails_to,
    interest_answers,
    make_coach,
    make_directory,
    make_home,
    make_interest_page,
)

CLICKS = 4


def send_at_once(count, request):
    """``request()`` from ``count`` threads released together; their responses, in any order."""
    start = threading.Barrier(count)
    results = [None] * count

    def click(index):
        start.wait()
        results[index] = request()

    threads = [threading.Thread(target=click, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def form_session(url):
    """A browser that has opened the link's page: its session and the form's CSRF token."""
    session = requests.Session()
    page = session.get(url, timeout=60)
    assert page.status_code == 200, page.text
    return session, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def logged_text(caplog):
    """Everything logged, as a handler would write it (tracebacks included)."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def assert_no_token_logged(caplog, token):
    text = logged_text(caplog)
    assert token not in text
    for part in token.split(":"):
        assert part not in text


@pytest.fixture
def answer_link(live_server, settings):
    settings.CASCADING_PUBLIC_URL = live_server.url
    home = make_home()
    coach = make_coach(make_directory(home), title="Priya Shah", contact_email="priya.private@example.org")
    page = make_interest_page(home)
    outcome = receive(page, interest_answers(coach, email="amara@example.org"), "198.51.100.7")
    (coach_mail,) = emails_to("priya.private@example.org")
    url = re.search(r"http://\S+/coach-response/\S+/", coach_mail.body).group(0)
    return outcome.submission, url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_simultaneous_answers_on_one_link_give_one_answer_and_three_cannot_be_used_pages(
    answer_link, caplog
):
    submission, url = answer_link
    token = url.rstrip("/").rsplit("/", 1)[1]
    session, csrf = form_session(url)
    caplog.set_level(logging.INFO)

    responses = send_at_once(
        CLICKS,
        lambda: session.post(
            url,
            data={"csrfmiddlewaretoken": csrf, "decision": "accept"},
            headers={"Referer": url},
            timeout=60,
        ),
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [400] * (CLICKS - 1), [r.text[:300] for r in responses if r.status_code >= 500]
    (accepted,) = [response for response in responses if response.status_code == 200]
    assert "You have accepted Amara Okafor" in accepted.text
    for refused in (response for response in responses if response.status_code == 400):
        assert "This link cannot be used" in refused.text
        assert "This link has already been used." in refused.text
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED
    assert submission.status_changes.filter(event="accepted").count() == 1
    assert_no_token_logged(caplog, token)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_behind_a_link_is_never_stored_and_names_no_referrer(answer_link, caplog):
    submission, url = answer_link
    token = url.rstrip("/").rsplit("/", 1)[1]
    caplog.set_level(logging.INFO)
    session, csrf = form_session(url)
    answers = [
        session.get(url, timeout=60),  # the form
        session.post(url, data={"csrfmiddlewaretoken": csrf, "decision": "nonsense"}, timeout=60),  # errors
        session.post(url, data={"csrfmiddlewaretoken": csrf, "decision": "accept"}, timeout=60),  # done
        session.post(url, data={"csrfmiddlewaretoken": csrf, "decision": "accept"}, timeout=60),  # used
        session.get(url.replace(token, token[:-3] + "abc"), timeout=60),  # tampered
    ]
    check = scheduler.profile_check_url(submission.coach)  # the profile check's page too
    answers.append(session.get(check, timeout=60))
    assert [response.status_code for response in answers] == [200, 200, 200, 400, 400, 200]
    for response in answers:
        assert "no-store" in response.headers["Cache-Control"], response.url
        assert response.headers["Referrer-Policy"] == "no-referrer", response.url
    assert_no_token_logged(caplog, token)
    assert_no_token_logged(caplog, check.rstrip("/").rsplit("/", 1)[1])


def test_an_error_report_about_a_link_page_names_neither_its_path_nor_its_token(rf):
    """What ``mail_admins`` would send about a server error behind a link: the request's path,
    headers and the traceback's variables, all without the token."""
    token = make_token(COACH_RESPONSE, 1, extra=2)
    request = rf.post(
        f"/coach-response/{token}/", HTTP_REFERER=f"https://coaching.example.org/coach-response/{token}/"
    )
    reports = []

    class Reporter(logging.Handler):
        def emit(self, record):
            reports.append(
                self.format(record)
                + ExceptionReporter(record.request, *record.exc_info, is_email=True).get_traceback_text()
            )

    logger = logging.getLogger("django.request")
    handler = Reporter()
    logger.addHandler(handler)
    try:
        try:
            read_token(token + "x", COACH_RESPONSE)
        except Exception:
            logger.error("Internal Server Error: %s", request.path, exc_info=True, extra={"request": request})
    finally:
        logger.removeHandler(handler)
    (report,) = reports
    assert "Internal Server Error: /coach-response/[signed link]/" in report
    for part in token.split(":"):
        assert part not in report
    assert request.path == f"/coach-response/{token}/", "the request itself is left as it was"
