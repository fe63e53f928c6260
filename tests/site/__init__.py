import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_with_settings(settings_module, args, **environ):
    """Run Python with ``args`` in a fresh process whose environment holds only ``environ``."""
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": f"{REPO / 'site'}:{REPO}",
        "DJANGO_SETTINGS_MODULE": settings_module,
        **environ,
    }
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True)


def manage_py():
    return str(REPO / "site" / "manage.py")
