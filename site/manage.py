#!/usr/bin/env python
"""Django's command-line utility for the Cascading Leadership host project.

Run it as ``python site/manage.py``: Python puts this folder on ``sys.path``, which makes the
``cascading_site`` package importable without shadowing the standard library's ``site`` module.
"""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cascading_site.settings.dev")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
