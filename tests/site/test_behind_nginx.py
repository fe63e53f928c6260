"""Behind a real reverse proxy: Debian's nginx on loopback in front of gunicorn with production
settings (CASCADING_TRUSTED_PROXY_COUNT=1), as a production site runs.

Each client connects from an address of its own in 127.0.0.0/8, so the real client (what nginx
appends to X-Forwarded-For) differs from the proxy (127.0.0.1, what gunicorn sees): a client that
makes up X-Forwarded-For addresses, or sends none, is still limited, and the login throttle counts
the client, not the proxy.
"""

import json
import os
import re
import uuid

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.production_stack import Nginx, ProductionStack, nginx_installable, postgres_installable

pytestmark = pytest.mark.slow

LIMIT = 3
PASSWORD = "correct horse battery"
BUILD_SITE = """
import json
from django.contrib.auth import get_user_model
from tests.factories import make_coach, make_directory, make_home, make_interest_page
home = make_home()
coach = make_coach(make_directory(home), title="Priya Shah")
form = make_interest_page(home)
get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse battery")
print(json.dumps({"coach_id": coach.pk, "form_id": form.pk}))
"""


@pytest.fixture(scope="module")
def site():
    if not (postgres_installable() and nginx_installable()) and not os.environ.get("CI"):
        pytest.skip("PostgreSQL and nginx are not installed (apt-get install postgresql nginx)")
    stack = ProductionStack(
        workers=2,
        environ={
            "CASCADING_TRUSTED_PROXY_COUNT": "1",
            "CASCADING_INTEREST_RATE_LIMIT": str(LIMIT),
        },
    )
    proxy = Nginx(stack.http_port, stack.base_dir / "nginx")
    try:
        stack.start_database()
        stack.prepare()
        stack.site = stack.run_python(BUILD_SITE)
        stack.start_web()
        proxy.start()
        stack.proxy = proxy
        yield stack
    finally:
        proxy.stop()
        stack.close()


class FromAddress(HTTPAdapter):
    """Connections from ``address`` (any of 127.0.0.0/8 on loopback), as a client elsewhere."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def client(address):
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def send_interest(site, session, url, n, **headers):
    body = {
        "submission_token": str(uuid.uuid4()),
        "leader_name": f"Leader {n}",
        "email": f"leader{n}-{uuid.uuid4().hex[:6]}@example.org",
        "role": "Chief executive",
        "organisation": "Riverside Wellbeing",
        "income_band": "50k-150k",
        "first_choice_coach": site.site["coach_id"],
        "hopes": "To grow.",
        "payment": "organisation",
        "privacy_consent": True,
    }
    response = session.post(
        url(f"/api/v1/forms/{site.site['form_id']}/"),
        data=json.dumps(body),
        headers={"Content-Type": "application/json", **headers},
        timeout=60,
    )
    return response.status_code


def test_a_client_that_varies_x_forwarded_for_is_still_limited(site):
    session = client("127.0.0.2")
    answers = [
        send_interest(site, session, site.proxy.url, n, **{"X-Forwarded-For": f"203.0.113.{n}"})
        for n in range(LIMIT + 2)
    ]
    assert answers == [201] * LIMIT + [429, 429]


def test_a_client_that_sends_no_x_forwarded_for_is_limited(site):
    session = client("127.0.0.3")
    answers = [send_interest(site, session, site.proxy.url, n) for n in range(LIMIT + 1)]
    assert answers == [201] * LIMIT + [429]


def test_a_request_that_bypasses_the_proxy_without_the_header_is_limited_too(site):
    # Straight to gunicorn: no address the proxy vouched for. Such requests share one allowance.
    session = client("127.0.0.4")
    answers = [send_interest(site, session, site.url, n) for n in range(LIMIT + 1)]
    assert answers == [201] * LIMIT + [429]


def log_in(site, session, password, **headers):
    """The Wagtail admin's login form, as a browser sends it (over plain HTTP on loopback, where the
    production settings' Secure cookies would not go back: the CSRF cookie is sent by hand)."""
    form = session.get(site.proxy.url("/admin/login/"), headers=headers, timeout=60)
    assert form.status_code == 200, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookie = form.cookies["csrftoken"]
    return session.post(
        site.proxy.url("/admin/login/"),
        data={"username": "editor", "password": password, "csrfmiddlewaretoken": token},
        headers={"Cookie": f"csrftoken={cookie}", **headers},
        allow_redirects=False,
        timeout=60,
    )


def test_the_login_throttle_counts_the_real_client_not_the_proxy(site):
    guesser = client("127.0.0.5")
    for n in range(5):
        wrong = log_in(site, guesser, "wrong", **{"X-Forwarded-For": f"198.51.100.{n}"})
        assert wrong.status_code in (200, 429)
    refused = log_in(site, guesser, PASSWORD, **{"X-Forwarded-For": "198.51.100.77"})
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text

    # The editor at another address, behind the same proxy, is not locked out.
    at_desk = log_in(site, client("127.0.0.6"), PASSWORD)
    assert at_desk.status_code == 302, at_desk.text[:500]

    recorded = site.psql("SELECT ip_address, failures_since_start FROM axes_accessattempt")
    assert recorded.splitlines() == ["127.0.0.5|6"]
