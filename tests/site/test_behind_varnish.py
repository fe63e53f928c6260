"""Behind a caching proxy: Debian's Varnish on loopback, with the site's own VCL
(site/deploy/varnish.vcl), in front of gunicorn with production settings and FRONTEND_CACHE_URL
pointing at it, as a production site runs.

Anonymous visitors' pages are answered by Varnish; a change committed in the admin purges them at
once; nothing personal is ever kept there.
"""

import os
import re
import time

import pytest
import requests

from tests.production_stack import (
    ProductionStack,
    Varnish,
    free_port,
    postgres_installable,
    varnish_installable,
)

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
BUILD_SITE = """
import json
from django.contrib.auth import get_user_model
from tests.factories import make_coach, make_directory, make_home, make_interest_page
home = make_home()
directory = make_directory(home)
priya = make_coach(directory, title="Priya Shah")
tom = make_coach(directory, title="Tom Evans")
form = make_interest_page(home)
get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse battery")
print(json.dumps({
    "directory": directory.url, "priya": priya.url, "priya_id": priya.pk, "tom": tom.url, "form": form.url
}))
"""
#: An editor publishes a new summary for Priya (committed in a process of its own, as the admin's
#: request would: the site sends its purges when it commits).
NEW_SUMMARY = """
import json
from cascading_pages.coaches.models import CoachPage
priya = CoachPage.objects.get(title="Priya Shah")
priya.summary = "Twenty years of charity governance."
priya.save_revision().publish()
print(json.dumps(priya.summary))
"""


@pytest.fixture(scope="module")
def site():
    if not (postgres_installable() and varnish_installable()) and not os.environ.get("CI"):
        pytest.skip("PostgreSQL and Varnish are not installed (apt-get install postgresql varnish)")
    varnish_port = free_port()
    stack = ProductionStack(
        workers=2,
        environ={
            "FRONTEND_CACHE_URL": f"http://127.0.0.1:{varnish_port}",
            "CASCADING_PAGE_SHARED_MAX_AGE": "600",
        },
    )
    proxy = Varnish(stack.http_port, stack.base_dir / "varnish", port=varnish_port)
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


def get(site, path, **headers):
    return requests.get(site.proxy.url(path), headers=headers, allow_redirects=False, timeout=60)


def logged_in_cookie(site):
    """The editor's session, logged in through Varnish (the production settings' cookies are
    Secure, which a client sends back over plain HTTP only by hand)."""
    form = get(site, "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    csrf = form.cookies["csrftoken"]
    response = requests.post(
        site.proxy.url("/admin/login/"),
        data={"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Cookie": f"csrftoken={csrf}"},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302, response.text[:500]
    return f"csrftoken={csrf}; sessionid={response.cookies['sessionid']}"


def test_a_public_page_is_answered_by_varnish(site):
    first = get(site, site.site["directory"])
    second = get(site, site.site["directory"])

    assert first.status_code == second.status_code == 200
    assert "s-maxage=600" in second.headers["Cache-Control"]
    assert second.headers["X-Cache"] == "HIT"
    assert len(second.headers["X-Varnish"].split()) == 2  # This request's id and the stored one's.
    assert "Age" in second.headers
    assert second.text == first.text


def test_a_coach_paused_from_the_admin_leaves_the_cached_directory_within_a_second(site):
    accepting = f"{site.site['directory']}?accepting=1"
    get(site, accepting)
    cached = get(site, accepting)
    assert cached.headers["X-Cache"] == "HIT"
    assert "Priya Shah" in cached.text

    cookie = logged_in_cookie(site)
    form_url = site.proxy.url(f"/admin/coach-accounts/{site.site['priya_id']}/availability/")
    form = requests.get(form_url, headers={"Cookie": cookie}, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    paused = requests.post(
        form_url,
        data={
            "declared": "available",
            "capacity": "2",
            "paused": "on",
            "available_again_on": "",
            "csrfmiddlewaretoken": token,
        },
        headers={"Cookie": cookie},
        allow_redirects=False,
        timeout=60,
    )
    assert paused.status_code == 302, paused.text[:1000]
    saved_at = time.monotonic()

    while "Priya Shah" in get(site, accepting).text:
        assert time.monotonic() - saved_at < 1, "the paused coach is still in the cached directory"
        time.sleep(0.05)
    assert "Tom Evans" in get(site, accepting).text


def test_a_change_to_one_coach_leaves_the_other_coaches_profiles_in_varnish(site):
    pages = {name: site.site[name] for name in ("directory", "priya", "tom")}
    for path in pages.values():
        get(site, path)
    assert {name: get(site, path).headers["X-Cache"] for name, path in pages.items()} == dict.fromkeys(
        pages, "HIT"
    )

    summary = site.run_python(NEW_SUMMARY)

    answers = {name: get(site, path) for name, path in pages.items()}
    assert summary in answers["priya"].text
    assert {name: answer.headers["X-Cache"] for name, answer in answers.items()} == {
        "directory": "MISS",  # It lists Priya.
        "priya": "MISS",
        "tom": "HIT",  # Shows nothing of Priya's: kept.
    }
    assert "X-Cache-Scope" not in answers["tom"].headers  # The site's mark is for Varnish alone.


def test_the_admin_and_the_form_page_are_never_kept(site):
    for path in ("/admin/login/", site.site["form"]):
        answers = [get(site, path) for _ in range(2)]
        assert [answer.status_code for answer in answers] == [200, 200]
        assert [answer.headers["X-Cache"] for answer in answers] == ["MISS", "MISS"], path
        assert all("csrftoken" in answer.cookies for answer in answers), path


def test_the_apis_personal_answers_are_never_kept(site):
    path = "/api/v1/preview/?content_type=cascading_pages.coachpage&token=not-a-token"
    answers = [get(site, path) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [404, 404]
    assert [answer.headers["X-Cache"] for answer in answers] == ["MISS", "MISS"]


def test_a_logged_in_users_pages_are_neither_served_from_varnish_nor_kept_there(site):
    cookie = logged_in_cookie(site)
    get(site, site.site["priya"])  # An anonymous copy in the cache.
    for path in (site.site["priya"], "/admin/coach-accounts/my-profile/", "/admin/"):
        answers = [get(site, path, Cookie=cookie) for _ in range(2)]
        assert [answer.headers["X-Cache"] for answer in answers] == ["MISS", "MISS"], path
    profile = get(site, site.site["priya"], Cookie=cookie)
    assert "private" in profile.headers["Cache-Control"]
    assert "no-store" in profile.headers["Cache-Control"]
