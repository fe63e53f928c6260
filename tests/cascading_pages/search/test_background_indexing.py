"""With the task queue on (TASKS_BACKEND=database in production), an editor's publish, unpublish or
delete only writes a task row; `manage.py db_worker` then brings the search index in line.

The queue is django-tasks' real database backend and the worker its real command, run with
``--batch`` (do every queued task, then stop). The index is a real Elasticsearch or OpenSearch, or
Wagtail's database backend. While the editor works, the search engines' backends point at a port
where nothing listens: an editor's request that tried to reach one would log a connection error.
"""

import csv
import json
import logging
import signal
from contextlib import contextmanager
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.search.settings import elasticsearch_backend
from cascading_pages.search.tasks import RETRY_DELAYS, index_objects_task, remove_objects_task
from cascading_pages.vocabularies.models import ExpertiseArea
from tests.cascading_pages.coaches.test_import_coaches import row
from tests.cascading_pages.coaches.test_index_updates import found, indexed
from tests.elasticsearch_helpers import SEARCH_ENGINES
from tests.factories import make_coach, make_directory, make_home

# Transactions are committed, as they are for a real worker; serialized_rollback brings back the
# page tree's root and the groups the migrations made, for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NOBODY_LISTENS = "http://127.0.0.1:9"


@pytest.fixture
def directory(engine):
    return make_directory(make_home())


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def queue(settings):
    settings.TASKS = QUEUE


@contextmanager
def search_cluster_down(settings):
    """Inside the block, the search engines' aliases (``elasticsearch``, ``opensearch``) point
    where nothing listens."""
    real = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        **real,
        **{
            alias: elasticsearch_backend(
                NOBODY_LISTENS, engine=alias, index_prefix=django_settings.ELASTICSEARCH_TEST_INDEX_PREFIX
            )
            for alias in SEARCH_ENGINES
            if alias in real
        },
    }
    try:
        yield
    finally:
        settings.WAGTAILSEARCH_BACKENDS = real


def run_worker():
    """`manage.py db_worker --batch`: run every task that is due, then stop. The command sets its
    loggers' levels and signal handlers for a process of its own; they are put back afterwards."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [each.level for each in loggers]
    try:
        call_command(
            "db_worker", batch=True, interval=0.01, startup_delay=False, reload=False, stdout=StringIO()
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for each, level in zip(loggers, levels, strict=True):
            each.setLevel(level)


def queued_for(page):
    """The index tasks waiting in the queue that name ``page``."""
    return [
        row
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        if str(page.pk) in row.args_kwargs["args"][1]
    ]


def coach_form(**fields):
    return nested_form_data(
        {
            "title": "Nadia Rahman",
            "slug": "nadia-rahman",
            "role": "Director",
            "organisation": "Tower Hamlets Tenants",
            "summary": "Twenty years of running a tenants' association.",
            "biography": rich_text("<p>Chairs the Zanzibar trade links forum.</p>"),
            "coaching_approach": rich_text("<p>Listening first.</p>"),
            "contact_email": "nadia@example.org",
            **fields,
        }
    )


def publish_in_the_admin(client, directory, **fields):
    response = client.post(
        f"/admin/pages/add/cascading_pages/coachpage/{directory.pk}/",
        {**coach_form(**fields), "action-publish": "publish"},
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    return CoachPage.objects.get(slug=fields.get("slug", "nadia-rahman"))


def test_a_publish_only_queues_the_index_update_and_the_worker_makes_it(
    client, directory, engine, editor, queue, settings, caplog
):
    caplog.set_level(logging.DEBUG)
    with search_cluster_down(settings):
        coach = publish_in_the_admin(client, directory)

    assert coach.live
    # The editor's request asked no search engine anything, and nothing failed.
    assert [r for r in caplog.records if r.name.startswith("elastic_transport")] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    # The update waits in the queue; the index does not know the coach yet.
    assert queued_for(coach)
    assert indexed(engine, coach) is None
    assert found(client, directory, engine, "zanzibar") == []

    run_worker()

    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()
    assert "Zanzibar" in indexed(engine, coach)
    assert found(client, directory, engine, "zanzibar") == ["Nadia Rahman"]


def test_without_the_queue_the_same_publish_waits_on_the_search_cluster(
    client, search_engine, editor, settings, caplog
):
    # The other side of the test above: run at once, the update is tried inside the request (the
    # publish still succeeds, and the error is logged for update_index to repair).
    caplog.set_level(logging.DEBUG)
    directory = make_directory(make_home())
    with search_cluster_down(settings):
        publish_in_the_admin(client, directory)
    assert any(r.name.startswith(SEARCH_ENGINES[search_engine.name].client_logger) for r in caplog.records)
    assert f"Could not update the {search_engine.alias!r} search backend" in caplog.text
    assert not DBTaskResult.objects.exists()


def test_an_unpublish_reaches_the_index_through_the_worker(client, directory, engine, editor, queue):
    coach = publish_in_the_admin(client, directory)
    run_worker()

    response = client.post(f"/admin/pages/{coach.pk}/unpublish/")
    assert response.status_code == 302
    assert queued_for(coach)
    if engine.keeps_documents:
        assert '"live_filter": true' in indexed(engine, coach)

    run_worker()

    assert indexed(engine, coach) is None  # removed, not kept with live_filter false
    assert found(client, directory, engine, "zanzibar") == []


def test_a_delete_reaches_the_index_through_the_worker(client, directory, engine, editor, queue):
    coach = publish_in_the_admin(client, directory)
    run_worker()
    assert indexed(engine, coach) is not None

    response = client.post(f"/admin/pages/{coach.pk}/delete/")
    assert response.status_code == 302
    assert not CoachPage.objects.filter(pk=coach.pk).exists()
    assert DBTaskResult.objects.filter(task_path=remove_objects_task.module_path, status="READY").exists()
    if engine.keeps_documents:
        assert indexed(engine, coach) is not None  # Still there until the worker runs.
    else:
        # The database backend's entry is a row that points at the page: deleted with it.
        assert indexed(engine, coach) is None

    run_worker()

    assert indexed(engine, coach) is None
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def test_an_import_is_one_index_task_for_all_its_coaches(client, directory, engine, queue, tmp_path):
    path = tmp_path / "coaches.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for n in range(1, 4):
            writer.writerow(row(n=n, name=f"Coach {n}", expertise="Orkney ferries"))
    call_command("import_coaches", str(path), stdout=StringIO())

    [task] = [
        row
        for row in DBTaskResult.objects.filter(task_path=index_objects_task.module_path)
        if row.args_kwargs["args"][0] == "cascading_pages.coachpage"
    ]
    assert sorted(task.args_kwargs["args"][1]) == sorted(
        str(pk) for pk in CoachPage.objects.values_list("pk", flat=True)
    )

    run_worker()

    assert sorted(found(client, directory, engine, "orkney")) == ["Coach 1", "Coach 2", "Coach 3"]


def test_renaming_a_term_is_one_index_task_for_its_coaches(client, directory, engine, queue):
    nadia = make_coach(directory, title="Nadia Rahman", expertise=["Fundraising"])
    owen = make_coach(directory, title="Owen Hughes", expertise=["Fundraising"])
    run_worker()

    term = ExpertiseArea.objects.get(name="Fundraising")
    term.name = "Income generation"
    term.save()
    coach_tasks = [
        row.args_kwargs["args"]
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        if row.args_kwargs["args"][0] == "cascading_pages.coachpage"
    ]
    assert coach_tasks == [["cascading_pages.coachpage", [str(nadia.pk), str(owen.pk)]]]
    assert found(client, directory, engine, "income generation") == []

    run_worker()

    assert sorted(found(client, directory, engine, "income generation")) == ["Nadia Rahman", "Owen Hughes"]


def test_a_failed_update_is_queued_again_later_and_logged(client, search_engine, queue, settings, caplog):
    directory = make_directory(make_home())
    coach = make_coach(directory, title="Nadia Rahman")
    run_worker()

    coach.organisation = "Hackney Housing Forum"
    coach.save_revision().publish()
    with search_cluster_down(settings):
        run_worker()

    # Each queued update failed, is recorded with its error, and is queued again for later.
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert failed.exists()
    assert all("IndexingError" in row.exception_class_path for row in failed)
    again = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert again.count() == failed.count()
    assert all(row.args_kwargs["kwargs"] == {"attempt": 2} for row in again)
    assert f"trying again in {RETRY_DELAYS[0]} s" in caplog.text
    assert "Hackney" not in indexed(search_engine, coach)
    # An administrator can read them, error included, in the Django admin.
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "pw"))
    failure = client.get(f"/django-admin/django_tasks_database/dbtaskresult/{failed.first().pk}/change/")
    assert failure.status_code == 200
    assert "IndexingError" in failure.content.decode()

    # When they are due and the cluster is back, the worker makes them.
    again.update(run_after=DBTaskResult.objects.earliest("enqueued_at").enqueued_at)
    run_worker()
    assert "Hackney" in indexed(search_engine, coach)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_moving_a_directory_moves_its_coaches_in_the_index_through_the_worker(client, search_engine, queue):
    # Wagtail saves only the page that moved; the coaches under it change place in bulk.
    home = make_home()
    directory = make_directory(home)
    coach = make_coach(directory, title="Nadia Rahman")
    other_home = make_home(title="Another site")
    run_worker()

    directory.move(other_home, pos="last-child")
    coach.refresh_from_db()
    assert coach.path.startswith(other_home.path)
    assert json.loads(indexed(search_engine, coach))["path_filter"] != coach.path

    run_worker()

    assert json.loads(indexed(search_engine, coach))["path_filter"] == coach.path
