"""In production, static files have hashed names and are served with long-lived cache headers."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHECK = """
import django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("cascading_pages/css/cascading.css")
assert url != "/static/cascading_pages/css/cascading.css", url
response = Client().get(url, HTTP_HOST="coaching.example.org", secure=True)
body = b"".join(response.streaming_content) if response.streaming else response.content
print(url, response.status_code, response.headers.get("Cache-Control"), len(body))
"""


def test_collectstatic_hashes_names_and_whitenoise_serves_them_for_a_year(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": f"{REPO / 'site'}:{REPO}",
        "DJANGO_SETTINGS_MODULE": "cascading_site.settings.production",
        "SECRET_KEY": "static-test-" + "y" * 50,
        "ALLOWED_HOSTS": "coaching.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    manage = [sys.executable, str(REPO / "site" / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    result = subprocess.run([sys.executable, "-c", CHECK], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    url, status, *cache_control, size = result.stdout.split()
    assert url.startswith("/static/cascading_pages/css/cascading.") and url.endswith(".css")
    assert status == "200"
    assert "max-age=315360000" in " ".join(cache_control)
    assert int(size) > 1000
