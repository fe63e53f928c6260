"""Fifty leaders sending the form at the same moment, each double-clicking, against a real server.

Runs on whatever database the suite uses (SQLite file by default, PostgreSQL with DATABASE_URL).
"""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core import mail

from cascading_pages.interest.models import ExpressionOfInterest, ExpressionOfInterestStatusChange
from cascading_pages.mail.models import OutboxEmail
from tests.factories import interest_answers, make_coach, make_directory, make_home, make_interest_page

LEADERS = 50


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_leaders_are_each_stored_exactly_once(live_server, settings):
    settings.CASCADING_INTEREST_RATE_LIMIT = 0  # every request comes from 127.0.0.1
    home = make_home()
    coach = make_coach(make_directory(home), title="Priya Shah")
    page = make_interest_page(home)
    url = live_server.url + page.url

    def leader(number):
        session = requests.Session()
        form = session.get(url, timeout=60).text
        data = interest_answers(
            coach,
            leader_name=f"Leader {number}",
            email=f"leader{number}@example.org",
            csrfmiddlewaretoken=re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1),
            submission_token=re.search(r'name="submission_token" value="([^"]+)"', form).group(1),
        )
        # A double click: the same form sent twice at once.
        with ThreadPoolExecutor(2) as clicks:
            responses = list(clicks.map(lambda _: session.post(url, data=data, timeout=60), range(2)))
        return [
            (response.status_code, f"Thank you, Leader {number}" in response.text) for response in responses
        ]

    with ThreadPoolExecutor(LEADERS) as pool:
        results = list(pool.map(leader, range(LEADERS)))

    assert results == [[(200, True), (200, True)]] * LEADERS
    stored = sorted(ExpressionOfInterest.objects.values_list("email", flat=True))
    assert stored == sorted(f"leader{n}@example.org" for n in range(LEADERS))
    assert ExpressionOfInterestStatusChange.objects.count() == LEADERS
    assert OutboxEmail.objects.filter(state="sent").count() == 3 * LEADERS
    leader_mail = [message.to[0] for message in mail.outbox if message.to[0].startswith("leader")]
    assert sorted(leader_mail) == stored
