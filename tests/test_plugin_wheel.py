"""A Wagtail developer adds the plugin's wheel to a new ``wagtail start`` project, doing exactly what
cascading_pages/README.md says, and gets a working site: on the database search backend, and on
Elasticsearch through the plugin's settings helper.

The project gets a virtual environment of its own with the wheel installed in it. The wheel's
dependencies come from this test's own environment through a ``.pth`` file naming its
site-packages; Python does not run the ``.pth`` files found there, so this checkout's editable
install stays invisible and the plugin can only come from the wheel. Nothing is downloaded (CI may
reach a package index, but this test never needs it), and the project's generated
``requirements.txt`` (which pins a Django this Python cannot run) is never installed.
"""

import ast
import email.parser
import re
import shutil
import subprocess
import sys
import sysconfig
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from elasticsearch import Elasticsearch
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import cascading_pages
from tests.elasticsearch_helpers import require_elasticsearch

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
README = REPO / "cascading_pages" / "README.md"
PROJECT = "myproject"  # The name the README's snippets use.
DIST_INFO = f"cascading_leadership-{cascading_pages.__version__}.dist-info"

# What the build needs from the checkout; the rest (environments, earlier builds, Elasticsearch's
# build output) stays behind, so no stale file of a developer's can slip into the wheel.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    "var",
    "*.egg-info",
    "__pycache__",
    "target",
    "test-artifacts",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
)

DEPENDENCIES_MET = """
import sys
from importlib.metadata import PackageNotFoundError, distribution, version
from packaging.requirements import Requirement

wheel = distribution("cascading-leadership")
assert str(wheel.locate_file("")).startswith(sys.prefix), wheel.locate_file("")
unmet = []
for spec in wheel.requires:
    requirement = Requirement(spec)
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
        continue  # an extra's (the repository's own site and tests)
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        unmet.append(f"{requirement}: not installed")
        continue
    if not requirement.specifier.contains(installed, prereleases=True):
        unmet.append(f"{requirement}: {installed} installed")
print("\\n".join(unmet) or "DEPENDENCIES MET")
"""

# Run with the project's Python in the project's folder, as a developer would try their new site.
SITE_CHECK = r"""
import os
import re
import sys
import uuid
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myproject.settings.dev")
django.setup()

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks, mail
from django.test import Client
from django.test.utils import setup_test_environment

import cascading_pages
import search
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.content.models import HomePage
from cascading_pages.interest.models import ExpressionOfInterest
from cascading_pages.interest.pages import ExpressionOfInterestPage

setup_test_environment()  # mail to mail.outbox
project = Path.cwd()
backend = os.environ["EXPECTED_BACKEND"]

# The plugin is the wheel's; the search app is the project's own; the generated home app is gone.
assert cascading_pages.__file__.startswith(sys.prefix), cascading_pages.__file__
assert Path(search.__file__) == project / "search" / "__init__.py", search.__file__
assert not (project / "home").exists()
assert finders.find("cascading_pages/css/cascading.css").startswith(sys.prefix)
assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == backend, settings.WAGTAILSEARCH_BACKENDS
problems = [str(m) for m in checks.run_checks() if m.level >= checks.WARNING]
assert problems == [], problems

home = HomePage.objects.get()
directory = CoachIndexPage.objects.get()
form_page = ExpressionOfInterestPage.objects.get()
coach = form_page.get_available_coaches().filter(regions__isnull=False).first()
region = coach.regions.order_by("name").first()
elsewhere = CoachPage.objects.live().public().exclude(regions=region).order_by("title").first()
surname = coach.title.split()[-1]
private = list(CoachPage.objects.values_list("contact_email", flat=True))
client = Client()


def get(url, expect=200, **params):
    response = client.get(url, params)
    assert response.status_code == expect, (url, params, response.status_code, response.content[:500])
    body = response.content.decode()
    leaked = [email for email in private if email in body]
    assert not leaked, (url, leaked)
    return body


def shows(body, title):
    return re.search(r">\s*" + re.escape(title) + r"\s*<", body) is not None


assert home.title in get("/")

body = get(directory.url)
assert shows(body, coach.title) and shows(body, elsewhere.title)
for notice in ("simpler mode", "not available at the moment"):  # no fallback to another backend
    assert notice not in get(directory.url, q=surname), notice
assert shows(get(directory.url, q=surname), coach.title)
body = get(directory.url, region=region.slug)
assert shows(body, coach.title) and not shows(body, elsewhere.title), region.slug
assert shows(get(directory.url, q=surname, region=region.slug), coach.title)

profile = get(coach.url)
assert shows(profile, coach.title) and f"?coach={coach.pk}" in profile

# The host's own site search, on the same backend.
assert shows(get("/search/", query=surname), coach.title)

# A leader sends the form, CSRF checks and all.
leader = Client(enforce_csrf_checks=True)
form = leader.get(form_page.url, {"coach": coach.pk}).content.decode()
email = f"amara.{uuid.uuid4().hex[:12]}@example.org"
answers = {
    # As tests/factories.py interest_answers() gives them.
    "leader_name": "Amara Okafor",
    "email": email,
    "phone": "020 7946 0123",
    "role": "Chief executive",
    "organisation": "Riverside Wellbeing",
    "income_band": "50k-150k",
    "first_choice_coach": str(coach.pk),
    "second_choice_coach": "",
    "hopes": "To think more strategically about our growth.",
    "payment": "organisation",
    "privacy_consent": "on",
    "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1),
    "submission_token": re.search(r'name="submission_token" value="([^"]+)"', form).group(1),
}
response = leader.post(form_page.url, answers)
assert response.status_code == 200, response.status_code
assert "Thank you, Amara Okafor" in response.content.decode()
submission = ExpressionOfInterest.objects.get(email=email)
assert submission.coach_id == coach.pk
assert [email] in [message.to for message in mail.outbox], [message.to for message in mail.outbox]

# The JSON API.
api = client.get("/api/v1/coaches/", {"q": surname, "directory": directory.pk})
assert api.status_code == 200, api.content[:500]
answer = api.json()
assert answer["notice"] is None, answer["notice"]
assert coach.title in [item["name"] for item in answer["items"]], answer["items"]
assert not [e for e in private if e in api.content.decode()]
assert client.get("/api/v1/docs").status_code == 200

print("HOST SITE OK on", backend)
"""


def readme_snippets():
    """``(path, code)`` of each Python block of the README that begins ``# myproject/<path>``."""
    text = README.read_text(encoding="utf-8")
    return re.findall(rf"```python\n# {PROJECT}/(\S+)\n(.*?)```", text, flags=re.S)


def apply_snippet(path, code):
    """Make the change a snippet shows, as a reader would: an assignment replaces the file's own
    assignment to that name (in place) where there is one, imports join the file's imports, and
    anything else is added at the end."""
    source = path.read_text()
    assigned, last_import = {}, 0
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            last_import = node.end_lineno
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            assigned.setdefault(node.targets[0].id, node)
    replacements, imports, additions = {}, [], []
    for node in ast.parse(code).body:
        text = ast.get_source_segment(code, node) + "\n"
        name = node.targets[0].id if isinstance(node, ast.Assign) else None
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(text)
        elif name in assigned:
            replacements[assigned[name].lineno] = (assigned[name].end_lineno, text)
        else:
            additions.append(text)
    result, skip_to = [], 0
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        if number <= skip_to:
            continue
        if number in replacements:
            skip_to, text = replacements[number]
            result.append(text)
        else:
            result.append(line)
        if number == last_import:
            result.extend(imports)
    path.write_text("".join(result + additions))


@dataclass
class Host:
    python: Path
    project: Path
    home: Path

    def run(self, *args, **environ):
        result = subprocess.run(
            [str(self.python), *args],
            cwd=self.project,
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.home), **environ},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        return result.stdout

    def check_site(self, **environ):
        return self.run("check_site.py", **environ)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = tmp_path_factory.mktemp("source") / "repository"
    shutil.copytree(REPO, source, ignore=NOT_COPIED)
    dist = tmp_path_factory.mktemp("dist")
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (built,) = dist.glob("cascading_leadership-*.whl")
    return built


@pytest.fixture(scope="module")
def host(wheel, tmp_path_factory):
    base = tmp_path_factory.mktemp("host")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(base / "venv")], check=True)
    python = base / "venv" / "bin" / "python"
    site_packages = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site_packages, "shared-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
        + ["--target", site_packages, str(wheel)],
        check=True,
    )
    project = base / "project"
    project.mkdir()
    host = Host(python=python, project=project, home=base)
    host.run("-m", "wagtail.bin.wagtail", "start", PROJECT, str(project))

    # cascading_pages/README.md, step by step.
    shutil.rmtree(project / "home")
    snippets = readme_snippets()
    assert {path for path, _ in snippets} == {"settings/base.py", "urls.py"}, snippets
    for path, code in snippets:
        apply_snippet(project / PROJECT / path, code)
    host.run("manage.py", "migrate", "--no-input", "-v", "0")
    assert "Created coach" in host.run("manage.py", "load_demo_content")
    (project / "check_site.py").write_text(SITE_CHECK)
    return host


def test_the_wheel_holds_the_plugin_alone_with_its_templates_and_static_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"cascading_pages", DIST_INFO}
    for expected in (
        "cascading_pages/templates/cascading_pages/pages/coach_index_page.html",
        "cascading_pages/static/cascading_pages/css/cascading.css",
        "cascading_pages/migrations/0001_initial.py",
        "cascading_pages/conf.py",
        "cascading_pages/search/settings.py",
    ):
        assert expected in names


def test_the_wheel_says_its_version_licence_and_what_it_runs_on_as_a_package_index_would_show(wheel):
    with zipfile.ZipFile(wheel) as archive:
        metadata = email.parser.Parser().parsestr(archive.read(f"{DIST_INFO}/METADATA").decode())
        licence = archive.read(f"{DIST_INFO}/licenses/LICENSE").decode()
    assert metadata["Version"] == cascading_pages.__version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert licence.startswith("MIT License")
    assert "Copyright (c) 2026 Cascading Leadership contributors" in licence
    classifiers = metadata.get_all("Classifier")
    for supported in (
        "Framework :: Django :: 5.2",
        "Framework :: Django :: 6.0",
        "Framework :: Wagtail :: 8",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ):
        assert supported in classifiers, supported

    requirements = [Requirement(spec) for spec in metadata.get_all("Requires-Dist")]
    plugin = {canonicalize_name(r.name): r.specifier for r in requirements if r.marker is None}
    extras = [canonicalize_name(r.name) for r in requirements if r.marker is not None]
    # Each requirement is stated once: never twice, nor again in an extra.
    assert len(plugin) == len([r for r in requirements if r.marker is None])
    assert len(extras) == len(set(extras)) and not set(extras) & set(plugin), sorted(extras)
    assert "django-tasks" in plugin  # cascading_pages.search.tasks and mail.tasks import it.
    supports = {
        "django": (["5.2", "5.2.19", "6.0", "6.0.9"], ["5.1.9", "6.1"]),
        "wagtail": (["8.0", "8.0.1", "8.9"], ["7.4", "9.0"]),
    }
    for name, (accepted, refused) in supports.items():
        assert [v for v in accepted if v not in plugin[name]] == [], (name, plugin[name])
        assert [v for v in refused if v in plugin[name]] == [], (name, plugin[name])


def test_a_new_wagtail_project_with_the_plugin_works_on_the_database_backend(host):
    assert host.run("-c", DEPENDENCIES_MET).strip() == "DEPENDENCIES MET"
    # The demo loader is safe to run again.
    assert "nothing changed" in host.run("manage.py", "load_demo_content")
    output = host.check_site(EXPECTED_BACKEND="wagtail.search.backends.database")
    assert "HOST SITE OK" in output


@pytest.mark.elasticsearch
def test_the_same_project_works_on_elasticsearch_through_the_plugins_settings_helper(host):
    require_elasticsearch()
    url = settings.ELASTICSEARCH_TEST_URL
    prefix = f"wheelhost_{uuid.uuid4().hex[:10]}_"
    environ = {"ELASTICSEARCH_URL": url, "ELASTICSEARCH_INDEX_PREFIX": prefix}
    try:
        host.run("manage.py", "update_index", **environ)
        output = host.check_site(EXPECTED_BACKEND="cascading_pages.search.elasticsearch8", **environ)
        assert "HOST SITE OK" in output
    finally:
        es = Elasticsearch(url.split(",")[0])
        for name in es.indices.get(index=f"{prefix}*", ignore_unavailable=True):
            es.indices.delete(index=name)
        es.close()
