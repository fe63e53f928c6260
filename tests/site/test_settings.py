"""Production settings come from the environment and refuse to start without a secret key."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from cascading_site.settings.env import env_bool, env_list
from tests.site import run_with_settings


def load_production_settings(**environ):
    code = (
        "import django, os; from django.conf import settings; django.setup(); "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.DATABASES['default']['ENGINE'], "
        "settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
        "settings.WAGTAILSEARCH_BACKENDS['database']['BACKEND'])"
    )
    return run_with_settings("cascading_site.settings.production", ["-c", code], **environ)


def test_production_refuses_to_start_without_a_secret_key():
    result = load_production_settings(ALLOWED_HOSTS="coaching.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_reads_database_search_and_hosts_from_the_environment():
    result = load_production_settings(
        SECRET_KEY="x" * 50,
        PUBLIC_URL="https://coaching.example.org",
        ALLOWED_HOSTS="coaching.example.org, www.coaching.example.org",
        DATABASE_URL="postgres://cl:pw@db.internal:5432/cascading",
        ELASTICSEARCH_URL="http://search.internal:9200",
        DEBUG="False",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['coaching.example.org',",
        "'www.coaching.example.org']",
        "django.db.backends.postgresql",
        # Wagtail's Elasticsearch 8 backend (extended), the database backend kept as the fallback.
        "cascading_pages.search.elasticsearch8",
        "wagtail.search.backends.database",
    ]


def load_production_search(**environ):
    """(the finished process, its WAGTAILSEARCH_BACKENDS or None) for production with ``environ``."""
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS))"
    )
    result = run_with_settings(
        "cascading_site.settings.production",
        ["-c", code],
        SECRET_KEY="x" * 50,
        PUBLIC_URL="https://coaching.example.org",
        ALLOWED_HOSTS="coaching.example.org",
        **environ,
    )
    return result, json.loads(result.stdout) if result.returncode == 0 else None


def test_production_chooses_opensearch_when_opensearch_url_is_set():
    result, backends = load_production_search(
        OPENSEARCH_URL="https://site:pw@search1.internal:9200,https://site:pw@search2.internal:9200",
        OPENSEARCH_INDEX_PREFIX="coaching_",
        OPENSEARCH_TIMEOUT="3",
        OPENSEARCH_REPLICAS="1",
    )
    assert result.returncode == 0, result.stderr
    assert list(backends) == ["default", "database"]
    opensearch = backends["default"]
    assert opensearch["BACKEND"] == "cascading_pages.search.opensearch2"
    assert opensearch["URLS"] == [
        "https://site:pw@search1.internal:9200",
        "https://site:pw@search2.internal:9200",
    ]
    assert (opensearch["INDEX_PREFIX"], opensearch["TIMEOUT"]) == ("coaching_", 3)
    assert opensearch["INDEX_SETTINGS"]["settings"]["index"] == {"number_of_replicas": 1}
    assert opensearch["OPTIONS"] == {"max_retries": 1, "retry_on_timeout": False}


@pytest.mark.parametrize(
    "environ, error",
    [
        (
            {"ELASTICSEARCH_URL": "http://es.internal:9200", "OPENSEARCH_URL": "http://os.internal:9200"},
            "Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both",
        ),
        (
            {"OPENSEARCH_URL": "http://os.internal:9200", "ELASTICSEARCH_REPLICAS": "1"},
            "OPENSEARCH_URL chooses opensearch, which would ignore ELASTICSEARCH_REPLICAS",
        ),
        (
            {"ELASTICSEARCH_URL": "http://es.internal:9200", "OPENSEARCH_TIMEOUT": "3"},
            "ELASTICSEARCH_URL chooses elasticsearch, which would ignore OPENSEARCH_TIMEOUT",
        ),
        (
            {"OPENSEARCH_URL": "http://os.internal:9200", "OPENSEARCH_TIMEOUT": "soon"},
            "OPENSEARCH_TIMEOUT must be",
        ),
    ],
)
def test_a_search_engine_setting_production_would_ignore_or_misread_is_an_error_not_a_guess(environ, error):
    result, _ = load_production_search(**environ)
    assert result.returncode != 0
    assert error in result.stderr


def test_blank_search_variables_count_as_unset_and_leave_the_database_backend():
    result, backends = load_production_search(
        ELASTICSEARCH_URL=" ", OPENSEARCH_URL="", ELASTICSEARCH_TIMEOUT=""
    )
    assert result.returncode == 0, result.stderr
    assert backends == {"default": {"BACKEND": "wagtail.search.backends.database"}}


@pytest.mark.parametrize(
    "raw, expected",
    [("True", True), ("1", True), ("yes", True), ("False", False), ("0", False), ("", False), ("off", False)],
)
def test_booleans_from_the_environment_mean_what_they_say(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", default=not expected) is expected


def test_an_unreadable_boolean_is_an_error_not_a_guess(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "Flase")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")


def test_lists_ignore_blanks(monkeypatch):
    monkeypatch.setenv("SOME_LIST", "a.example, ,b.example,")
    assert env_list("SOME_LIST") == ["a.example", "b.example"]


def load_production_task_backend(**environ):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "from django_tasks import task_backends; print(type(task_backends['default']).__name__)"
    )
    return run_with_settings(
        "cascading_site.settings.production",
        ["-c", code],
        SECRET_KEY="x" * 50,
        PUBLIC_URL="https://coaching.example.org",
        ALLOWED_HOSTS="coaching.example.org",
        **environ,
    )


@pytest.mark.parametrize(
    "environ, backend",
    [
        ({}, "ImmediateBackend"),
        ({"TASKS_BACKEND": "immediate"}, "ImmediateBackend"),
        ({"TASKS_BACKEND": "Database"}, "DatabaseBackend"),
    ],
)
def test_production_queues_index_updates_for_a_worker_when_told_to(environ, backend):
    result = load_production_task_backend(**environ)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [backend]


def test_an_unknown_task_backend_is_an_error_not_a_guess():
    result = load_production_task_backend(TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of immediate, database, not 'celery'" in result.stderr


def load_production_public_url(**environ):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.CASCADING_PUBLIC_URL, settings.WAGTAILADMIN_BASE_URL)"
    )
    return run_with_settings(
        "cascading_site.settings.production",
        ["-c", code],
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="coaching.example.org",
        **environ,
    )


@pytest.mark.parametrize(
    "environ, error",
    [
        ({}, "PUBLIC_URL must be set"),
        ({"PUBLIC_URL": "  "}, "PUBLIC_URL must be set"),
        ({"PUBLIC_URL": "http://coaching.example.org"}, "PUBLIC_URL must be an https address"),
        ({"PUBLIC_URL": "coaching.example.org"}, "PUBLIC_URL must be an address like"),
        ({"PUBLIC_URL": "https://coaching.example.org/site/"}, "PUBLIC_URL must be an address like"),
        ({"PUBLIC_URL": "https://"}, "PUBLIC_URL must be an address like"),
    ],
)
def test_production_refuses_to_start_without_an_https_public_address(environ, error):
    result = load_production_public_url(**environ)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert error in result.stderr


def test_every_emailed_link_and_wagtails_follow_the_public_address():
    result = load_production_public_url(PUBLIC_URL="https://coaching.example.org/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://coaching.example.org", "https://coaching.example.org"]


def test_development_links_to_the_local_server_unless_told_otherwise():
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.CASCADING_PUBLIC_URL, settings.WAGTAILADMIN_BASE_URL)"
    )
    result = run_with_settings("cascading_site.settings.dev", ["-c", code])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["http://127.0.0.1:8000", "http://127.0.0.1:8000"]
    result = run_with_settings("cascading_site.settings.dev", ["-c", code], PUBLIC_URL="http://10.0.0.5:8000")
    assert result.stdout.split() == ["http://10.0.0.5:8000", "http://10.0.0.5:8000"]
