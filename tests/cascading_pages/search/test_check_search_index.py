"""`manage.py check_search_index`: an operator (or a cron job) learns when a search index has
drifted from the database, and --fix brings it back in line.

Drift is made the way it happens: an index update that never arrived (the backend was down or
had updates switched off while an editor worked), or an entry left behind for an object that
is gone.
"""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.search.models import IndexEntry

from cascading_pages.coaches.models import CoachPage
from tests.factories import make_coach, make_directory, make_faq, make_faq_index, make_home

pytestmark = pytest.mark.django_db

COACHES = "cascading_pages.CoachPage"


def check(*args):
    """(exit status, output) of the command, as a cron job would see them."""
    out, err = StringIO(), StringIO()
    try:
        call_command("check_search_index", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + err.getvalue() + str(exc)
    return 0, out.getvalue() + err.getvalue()


def found(client, directory, q, engine=None):
    if engine is not None:
        engine.refresh()
    return [c.title for c in client.get(directory.url, {"q": q}).context["results"].page]


@pytest.fixture
def directory():
    return make_directory(make_home())


def entries(coach):
    content_type = ContentType.objects.get_for_model(CoachPage)
    return IndexEntry.objects.filter(content_type=content_type, object_id=str(coach.pk))


def test_an_index_that_follows_the_database_reports_no_drift(directory):
    # Migrations create Wagtail's root and welcome pages without indexing them: build the index
    # once, as a deployment does, and from then on saves keep it current.
    call_command("update_index", "--backend", "default", stdout=StringIO())
    make_coach(directory, title="Nadia Rahman")
    make_coach(directory, title="Hidden Draft", live=False)
    make_faq(make_faq_index(directory.get_parent()), title="Who can apply?")
    status, output = check("--backend", "default")
    assert status == 0, output
    assert "No drift" in output
    # Every page type is checked, coaches and FAQ entries among them; drafts are never indexed.
    assert "cascading_pages.CoachPage: 1 in the database, 1 in the index" in output
    assert "cascading_pages.FaqPage: 1 in the database, 1 in the index" in output


def test_a_coach_whose_index_update_was_lost_is_reported_missing_and_fixed(client, directory):
    coach = make_coach(directory, title="Nadia Rahman", expertise=["Zanzibar trade links"])
    entries(coach).delete()
    assert found(client, directory, "zanzibar") == []

    status, output = check("--backend", "default", "--model", COACHES)
    assert status == 1
    assert f"1 missing: {coach.pk}" in output
    assert "Repair it with --fix, or `manage.py update_index --backend default`" in output

    status, output = check("--backend", "default", "--model", COACHES, "--fix")
    assert status == 0, output
    assert "After --fix: no drift" in output
    assert found(client, directory, "zanzibar") == ["Nadia Rahman"]


def test_an_entry_left_behind_by_a_deleted_coach_is_stale_and_removed(directory):
    coach = make_coach(directory, title="Nadia Rahman")
    IndexEntry.objects.create(
        content_type=ContentType.objects.get_for_model(CoachPage), object_id="987654", title="Gone", body=""
    )
    status, output = check("--backend", "default", "--model", COACHES)
    assert status == 1
    assert "1 stale: 987654" in output
    assert check("--backend", "default", "--model", COACHES, "--fix")[0] == 0
    assert not IndexEntry.objects.filter(object_id="987654").exists()
    assert entries(coach).exists()


def test_an_unknown_backend_or_model_is_a_clear_error():
    with pytest.raises(CommandError, match="nowhere"):
        call_command("check_search_index", "--backend", "nowhere", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="not indexed"):
        call_command("check_search_index", "--model", "auth.Permission", stdout=StringIO())
    with pytest.raises(CommandError, match="No model"):
        call_command("check_search_index", "--model", "nonsense", stdout=StringIO())


def test_a_backend_without_an_index_cannot_be_checked(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "plain": {"BACKEND": "modelsearch.backends.database.fallback", "AUTO_UPDATE": False},
    }
    status, output = check("--backend", "plain")
    assert status == 2
    assert "keeps no index" in output


def test_on_a_search_engine_a_coach_changed_while_updates_were_lost_is_outdated(
    client, search_engine, directory, settings
):
    """Missing, stale and outdated documents in Elasticsearch or OpenSearch, all repaired by --fix."""
    alias = search_engine.alias
    nadia = make_coach(directory, title="Nadia Rahman", expertise=["Zanzibar trade links"])
    owen = make_coach(directory, title="Owen Hughes")
    gone = make_coach(directory, title="Gone Coach")
    search_engine.refresh()
    args = ("--backend", alias, "--model", COACHES)
    status, output = check(*args)
    assert status == 0, output
    assert f"Backend {alias!r} ({search_engine.backend.product}): no drift" in output

    # Updates to the engine stop arriving (as while it is down): an edit, a new coach, a deletion.
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        alias: {**settings.WAGTAILSEARCH_BACKENDS[alias], "AUTO_UPDATE": False},
    }
    nadia.summary = "Now coaching on Orkney ferries."
    nadia.save_revision().publish()
    owen.unpublish()
    new = make_coach(directory, title="Priya Shah", expertise=["Lighthouse keeping"])
    gone.delete()

    status, output = check(*args)
    assert status == 1
    assert f"1 missing: {new.pk}" in output
    # Owen's document is stale, not just outdated: an unpublished coach has no place in the index.
    assert f"2 stale: {', '.join(str(pk) for pk in sorted([owen.pk, gone.pk]))}" in output
    assert f"1 outdated: {nadia.pk}" in output
    # Comparing ids only is quicker, and blind to the edits.
    status, ids_only = check(*args, "--ids-only")
    assert status == 1 and "outdated:" not in ids_only

    status, output = check(*args, "--fix")
    assert status == 0, output
    settings.CASCADING_DIRECTORY_SEARCH_BACKEND = alias
    assert found(client, directory, "orkney", search_engine) == ["Nadia Rahman"]
    assert found(client, directory, "lighthouse", search_engine) == ["Priya Shah"]
    assert found(client, directory, "Owen", search_engine) == []


def test_on_a_search_engine_documents_of_a_page_type_that_no_longer_exists_are_stale(
    search_engine, directory
):
    alias = search_engine.alias
    call_command("update_index", "--backend", alias, stdout=StringIO())
    make_coach(directory, title="Nadia Rahman")
    pages = search_engine.backend.get_index_for_model(CoachPage).name
    search_engine.backend.es.index(  # "body": the one name both clients take for the document.
        index=pages,
        id="987654",
        body={
            "pk": "987654",
            "_django_content_type": ["cascading_pages.RetiredPage", "wagtailcore.Page"],
        },
    )
    status, output = check("--backend", alias)
    assert status == 1
    assert "cascading_pages.RetiredPage: 0 in the database, 1 in the index" in output
    assert "1 stale: 987654" in output
    assert check("--backend", alias, "--fix")[0] == 0
    assert not search_engine.backend.es.exists(index=pages, id="987654")


@pytest.mark.parametrize(
    "backend", ["wagtail.search.backends.elasticsearch8", "wagtail.search.backends.opensearch2"]
)
def test_wagtails_own_engine_backend_is_not_read_but_the_command_says_which_to_use(settings, backend):
    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "plain": {"BACKEND": backend, "URLS": ["http://127.0.0.1:9"], "AUTO_UPDATE": False},
    }
    status, output = check("--backend", "plain")
    assert status == 2
    assert "cascading_pages.search.elasticsearch8 or cascading_pages.search.opensearch2" in output
