"""In production, static files have hashed names and are served with long-lived cache headers."""

from tests.site import manage_py, run_with_settings

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
    environ = {
        "SECRET_KEY": "static-test-" + "y" * 50,
        "ALLOWED_HOSTS": "coaching.example.org",
        "PUBLIC_URL": "https://coaching.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    production = "cascading_site.settings.production"
    collected = run_with_settings(production, [manage_py(), "collectstatic", "--no-input", "-v0"], **environ)
    assert collected.returncode == 0, collected.stderr[-2000:]
    result = run_with_settings(production, ["-c", CHECK], **environ)
    assert result.returncode == 0, result.stderr[-2000:]
    url, status, *cache_control, size = result.stdout.split()
    assert url.startswith("/static/cascading_pages/css/cascading.") and url.endswith(".css")
    assert status == "200"
    assert "max-age=315360000" in " ".join(cache_control)
    assert int(size) > 1000
