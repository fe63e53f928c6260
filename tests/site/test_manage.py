"""The host finds its own search app and the plugin in this checkout, with nothing on PYTHONPATH:
the wheel (and so an install of this project) carries only the plugin."""

import os
import subprocess
import sys

from tests.site import REPO, manage_py


def test_manage_py_finds_the_hosts_search_app_and_the_plugin_in_this_checkout():
    code = "import cascading_pages, search; print(search.__file__); print(cascading_pages.__file__)"
    result = subprocess.run(
        [sys.executable, manage_py(), "shell", "--no-imports", "-c", code],
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "cascading_site.settings.test"},
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(REPO / "search" / "__init__.py"),
        str(REPO / "cascading_pages" / "__init__.py"),
    ]
