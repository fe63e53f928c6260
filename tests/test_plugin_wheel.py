"""A programme partner installs the built wheel into their own, minimal Wagtail project."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

HOST_SETTINGS = """
from pathlib import Path
BASE = Path(__file__).resolve().parent
SECRET_KEY = "partner-host"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "partnerhost.urls"
INSTALLED_APPS = [
    "cascading_pages",
    "wagtail.contrib.forms", "wagtail.contrib.settings", "wagtail_modeladmin", "wagtail_headless_preview", "wagtail.sites",
    "wagtail.users", "wagtail.snippets", "wagtail.documents", "wagtail.images", "wagtail.search", "search",
    "wagtail.admin", "wagtail", "modelcluster", "taggit", "django_filters", "ninja",
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cascading_pages.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE / "db.sqlite3"}}
STATIC_URL = "/static/"
MEDIA_ROOT = BASE / "media"
WAGTAIL_SITE_NAME = "Partner"
WAGTAILADMIN_BASE_URL = "http://partner.example"
USE_TZ = True
"""

HOST_URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls
urlpatterns = [
    path("coaching/", include("cascading_pages.urls")),
    path("", include(wagtail_urls)),
]
"""

SMOKE = """
import cascading_pages, search, django
assert cascading_pages.__file__.startswith(INSTALLED), cascading_pages.__file__
assert search.__file__.startswith(INSTALLED), search.__file__
django.setup()
from django.apps import apps
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Site
from cascading_pages.models import CoachIndexPage, CoachPage, HomePage

assert apps.get_app_config("cascading_search").name == "search"
# Listed after wagtail.search, the app's index receivers replace Wagtail's (no cascading_search.W001).
from django.core import checks
assert [m.id for m in checks.run_checks() if m.id.startswith("cascading_search")] == []
call_command("migrate", verbosity=0)
root = Page.get_first_root_node()
home = root.add_child(instance=HomePage(title="Partner home", slug="partner-home"))
Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
directory = home.add_child(instance=CoachIndexPage(title="Our coaches", slug="coaches"))
coach = directory.add_child(instance=CoachPage(
    title="Partner Coach", role="Director", organisation="Partner Org", summary="Summary.",
    biography="<p>Bio.</p>", contact_email="hidden@example.org",
))
client = Client()
for page, text in ((home, "Partner home"), (directory, "Partner Coach"), (coach, "Partner Coach")):
    response = client.get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    body = response.content.decode()
    assert text in body, text
    assert "hidden@example.org" not in body
response = client.get("/coaching/api/v1/pages/find/", {"path": coach.url})
assert response.status_code == 200, response.content
assert response.json()["title"] == "Partner Coach"
assert b"hidden@example.org" not in response.content
assert client.get("/coaching/api/v1/nothing-here/").json()["status"] == 404
assert finders.find("cascading_pages/css/cascading.css"), "the plugin's static files are in the wheel"
print("PARTNER HOST OK")
"""


@pytest.mark.slow
def test_the_built_wheel_works_in_a_second_minimal_host_project(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("cascading_leadership-*.whl")
    installed = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(installed),
            str(wheel),
        ],
        check=True,
    )
    host = tmp_path / "partnerhost"
    host.mkdir()
    (host / "__init__.py").write_text("")
    (host / "settings.py").write_text(HOST_SETTINGS)
    (host / "urls.py").write_text(HOST_URLS)
    script = f"INSTALLED = {str(installed)!r}\n" + textwrap.dedent(SMOKE)
    result = subprocess.run(
        [sys.executable, "-c", script],
        # The wheel's copy comes first on the path, ahead of the editable install of this checkout.
        env={
            "PYTHONPATH": f"{installed}:{tmp_path}",
            "DJANGO_SETTINGS_MODULE": "partnerhost.settings",
            "PATH": "/usr/bin:/bin",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "PARTNER HOST OK" in result.stdout
