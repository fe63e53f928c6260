"""The host project: settings, urls, WSGI/ASGI entry points and host-only commands.

The host's own site search app (``search/``) and the plugin's source (``cascading_pages/``) sit at
the repository root, beside ``site/``; the plugin's wheel carries only ``cascading_pages``. Importing
this package (``python site/manage.py``, ``gunicorn --chdir site cascading_site.wsgi``, any
settings module) puts that root on ``sys.path``, after everything installed, so both are found
there without an installed copy of them.
"""

import sys
from pathlib import Path

REPOSITORY_ROOT = str(Path(__file__).resolve().parents[2])
if REPOSITORY_ROOT not in sys.path:
    sys.path.append(REPOSITORY_ROOT)
