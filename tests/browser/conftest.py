"""A real site on 127.0.0.1 and Debian's headless Chromium, for end-to-end and accessibility tests.

The site is the one `make run` serves (dev settings, demo content) on a throwaway SQLite database,
in its own process, so the browser sees exactly what a leader would.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("CASCADING_ARTIFACTS", REPO / "test-artifacts"))
ADMIN_PASSWORD = "browser-test-admin-password"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_env(tmp_path_factory):
    """The environment of the demo site's process: its database, media and mail folders."""
    home = tmp_path_factory.mktemp("site")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cascading_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "MEDIA_ROOT": str(home / "media"),
        "EMAIL_FILE_PATH": str(home / "mail"),
        "CASCADING_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PYTHONUNBUFFERED": "1",
        "CASCADING_SITE_HOME": str(home),
    }


def manage(env, *args):
    """Run a management command against the demo site; returns what it printed."""
    return subprocess.run(
        [sys.executable, str(REPO / "site" / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def admin_login(page, live_site, username="admin", password=ADMIN_PASSWORD):
    """Log in through the admin's login form, as a person does; by default as the demo site's admin."""
    page.goto(live_site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def admin_page(browser, live_site, viewport, username="admin", password=ADMIN_PASSWORD):
    """A browser of its own at ``viewport`` (its page), logged in to the admin; the caller closes it."""
    page = browser.new_context(viewport=viewport).new_page()
    admin_login(page, live_site, username, password)
    return page


def coach_page_id(site_env, slug):
    """The page id of the demo site's coach whose profile is at ``slug``."""
    return manage(
        site_env,
        "shell",
        "--no-imports",
        "-c",
        f"from cascading_pages.models import CoachPage; print(CoachPage.objects.get(slug={slug!r}).pk)",
    ).split()[-1]


def sent_emails(site_env):
    """The text of each email file the demo site has written (its file email backend), oldest first."""
    paths = sorted(Path(site_env["EMAIL_FILE_PATH"]).iterdir(), key=lambda path: path.stat().st_mtime)
    return [path.read_text() for path in paths]


def accept_invitation(browser, live_site, site_env, slug, email, password, viewport):
    """The team invites the coach at ``slug`` as ``email``; in a browser of their own (``viewport``)
    the coach opens the emailed link and sets ``password``. Returns that browser's page and the
    coach's page id; logging in is the caller's next step."""
    page_id = coach_page_id(site_env, slug)
    manage(site_env, "invite_coach", email, "--page", page_id, "--base-url", live_site)
    link = re.search(re.escape(live_site) + r"/admin/password_reset/\S+", sent_emails(site_env)[-1]).group(0)
    coach = browser.new_context(viewport=viewport).new_page()
    coach.goto(link)
    coach.locator("#id_new_password1").fill(password)
    coach.locator("#id_new_password2").fill(password)
    coach.locator("form [type=submit]").first.click()
    coach.wait_for_load_state("load")
    return coach, page_id


@pytest.fixture(scope="session")
def live_site(site_env):
    """Base URL of the demo site served by Django on a free port of 127.0.0.1."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    env = site_env
    home = Path(env["CASCADING_SITE_HOME"])
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo_content")
    manage(env, "ensure_admin")
    port = _free_port()
    log = open(home / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, str(REPO / "site" / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"The site did not start: {(home / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield base_url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a screenshot of a key step under test-artifacts/screenshots/ for a person to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = folder / f"{request.node.name}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
