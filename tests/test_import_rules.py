"""`make lint` keeps the plugin's imports one-way: a maintainer who adds a wrong-way import or a
cycle is stopped by the check, not by a reviewer (.importlinter lists the rules)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree):
    """Run the project's import rules over the plugin as it is in ``tree``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def plugin_copy(tmp_path):
    shutil.copytree(
        ROOT / "cascading_pages", tmp_path / "cascading_pages", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def add_import(tree, module, statement):
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{statement}\n")


def test_the_plugin_as_it_is_keeps_every_rule(plugin_copy):
    result = lint_imports(plugin_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_coach_model_importing_expressions_of_interest_is_refused(plugin_copy):
    # Interest builds on coaches: the other way round would tie every coach to the form.
    add_import(
        plugin_copy, "cascading_pages.coaches.models", "import cascading_pages.interest.models  # noqa"
    )
    result = lint_imports(plugin_copy)
    assert result.returncode != 0
    assert "Concerns depend downward only BROKEN" in result.stdout
    assert "cascading_pages.coaches.models -> cascading_pages.interest.models" in result.stdout


def test_a_cycle_inside_the_search_plumbing_is_refused(plugin_copy):
    # tasks and snapshot sit side by side with no order between them: only the cycle rule sees this.
    add_import(plugin_copy, "cascading_pages.search.tasks", "import cascading_pages.search.snapshot  # noqa")
    add_import(plugin_copy, "cascading_pages.search.snapshot", "import cascading_pages.search.tasks  # noqa")
    result = lint_imports(plugin_copy)
    assert result.returncode != 0
    assert "No import cycles between sibling modules BROKEN" in result.stdout


def test_search_plumbing_that_learns_about_coaches_is_refused(plugin_copy):
    add_import(
        plugin_copy, "cascading_pages.search.backends", "import cascading_pages.coaches.models  # noqa"
    )
    result = lint_imports(plugin_copy)
    assert result.returncode != 0
    assert "Search plumbing knows nothing of what it searches BROKEN" in result.stdout
