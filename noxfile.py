"""The suite on every supported combination of Python, Django and Wagtail: one nox session each.

Install nox once, in any Python (``python3 -m pip install nox``), then from the repository root:

    nox --list                                 # the sessions, one per combination
    nox -s "tests(python3.12-django6.0)"       # one session: Python 3.12, Django 6.0, Wagtail 8.0
    nox -s "tests(python3.12-django6.0)" -- -x -k directory  # arguments after -- go to pytest
    nox -t django6.0                           # the sessions of one Django (or -t python3.13)
    nox                                        # every session, one after the other
    ELASTICSEARCH_TEST_URL=http://127.0.0.1:9201 nox ...  # the Elasticsearch tests run too

Each session has a virtualenv of its own under ``.nox/``, kept between runs (``reuse_venv``) and
brought up to date by pip, which also reuses its download cache. It installs the project with the
``site`` and ``test`` extras, pinned by ``constraints.txt`` on Django 5.2 (the main run's pins) or
``constraints-django6.txt`` on Django 6 (the same pins but ``django-tasks-db``, which must be 0.12
there: see pyproject.toml), every pin but Django's: Django is the newest release of the session's
series. Then it runs ``pytest -m "not browser and not slow"`` on SQLite (or on ``DATABASE_URL``
when that is set): not the browser tests, nor the wheel build and Elasticsearch cluster tests. The
Elasticsearch tests skip unless ``ELASTICSEARCH_TEST_URL`` names a node, and fail instead of
skipping under ``CASCADING_REQUIRE_ELASTICSEARCH=1``.

Each interpreter is ``python3.X`` on ``PATH`` when that runs, else pyenv's newest 3.X.x
(``$PYENV_ROOT/versions/3.X.*``, whichever versions pyenv has selected); nox never downloads one,
and a missing one fails its session rather than skipping it. Django 6 needs
Python 3.12 or later, so there is no 3.11 session on it.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.reuse_venv = "yes"
nox.options.download_python = "never"
nox.options.error_on_missing_interpreters = True

WAGTAIL = "8.0"
# (Python, Django) pairs: every supported Python on Django 5.2, and on Django 6 where it runs.
COMBINATIONS = [
    ("3.11", "5.2"),
    ("3.12", "5.2"),
    ("3.12", "6.0"),
    ("3.13", "5.2"),
    ("3.13", "6.0"),
]
CONSTRAINTS = {"5": "constraints.txt", "6": "constraints-django6.txt"}


def interpreter(version: str) -> str:
    """Python ``version`` ("3.12"): ``python3.12`` on PATH if it runs, else pyenv's newest 3.12.x.

    pyenv's shims only answer for the versions pyenv has selected (``pyenv global``), and nox looks
    no further, so the other installed versions are found in pyenv's versions folder. With neither,
    the bare version goes to nox, which reports it missing.
    """
    on_path = shutil.which(f"python{version}")
    if on_path and subprocess.run([on_path, "-c", ""], capture_output=True).returncode == 0:
        return on_path
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"), "versions")
    installed = [
        folder
        for folder in versions.glob(f"{version}.*")
        if re.fullmatch(r"\d+\.\d+\.\d+", folder.name) and (folder / "bin" / f"python{version}").exists()
    ]
    if not installed:
        return version
    newest = max(installed, key=lambda folder: tuple(int(part) for part in folder.name.split(".")))
    return str(newest / "bin" / f"python{version}")


def constraints_without_django(session: nox.Session, django: str) -> str:
    """A copy of the Django series' constraints file without its Django pin, in the session's tmp."""
    source = Path(CONSTRAINTS[django.split(".")[0]])
    lines = [
        line
        for line in source.read_text().splitlines()
        if not line.lower().replace("_", "-").startswith("django==")
    ]
    target = Path(session.create_tmp()) / source.name
    target.write_text("\n".join(lines) + "\n")
    return str(target)


@nox.session
@nox.parametrize(
    ("python", "django"),
    [(interpreter(python), django) for python, django in COMBINATIONS],
    ids=[f"python{python}-django{django}" for python, django in COMBINATIONS],
    tags=[[f"python{python}", f"django{django}"] for python, django in COMBINATIONS],
)
def tests(session: nox.Session, django: str) -> None:
    """The suite without the browser and slow tests, on one Python, Django and Wagtail."""
    session.install(
        "-c",
        constraints_without_django(session, django),
        "-e",
        ".[site,test,opensearch]",
        f"Django=={django}.*",
        f"wagtail=={WAGTAIL}.*",
    )
    session.run(
        "python",
        "-c",
        "import sys, django, wagtail; "
        "print(f'Python {sys.version.split()[0]}, Django {django.__version__}, Wagtail {wagtail.__version__}')",
    )
    session.run("pytest", "-m", "not browser and not slow", "-p", "no:cacheprovider", *session.posargs)
