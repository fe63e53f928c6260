"""Production settings come from the environment and refuse to start without a secret key."""

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
