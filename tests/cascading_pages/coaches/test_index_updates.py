"""The search index follows what editors do: publish, edit, unpublish, move and delete.

Checked twice: through the directory (what a leader sees) and in the index itself (what the
backend stored), because the directory also checks visibility in the database and would hide a
stale index.
"""

import csv
import json
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.search.models import IndexEntry

from cascading_pages.coaches.importing import COLUMNS
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.records import VocabularyCache, apply_record
from cascading_pages.content.models import HomePage
from cascading_pages.search.tasks import index_objects
from cascading_pages.vocabularies.models import ExpertiseArea
from tests.factories import add_page, make_coach, make_directory, make_home

pytestmark = pytest.mark.django_db


def indexed(engine, page):
    """What the engine's index holds for ``page``, as text, or None if it holds nothing."""
    if engine.keeps_documents:
        document = engine.document(page)
        return json.dumps(document) if document is not None else None
    entry = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(CoachPage), object_id=str(page.pk)
    ).first()
    if entry is None:
        return None
    return " ".join(
        str(getattr(entry, name, "") or "") for name in ("title", "body", "title_text", "body_text")
    )


def found(client, directory, engine, q):
    engine.refresh()
    response = client.get(directory.url, {"q": q})
    return [coach.title for coach in response.context["results"].page]


@pytest.fixture
def directory(engine):
    return make_directory(make_home())


def test_a_coach_is_findable_by_their_expertise_as_soon_as_they_are_published(client, directory, engine):
    coach = make_coach(directory, title="Nadia Rahman", expertise=["Zanzibar trade links"])
    assert "Zanzibar" in indexed(engine, coach)
    assert found(client, directory, engine, "zanzibar") == ["Nadia Rahman"]


def test_a_changed_expertise_is_indexed_when_the_change_is_published(client, directory, engine):
    # ClusterableModel stores ParentalManyToMany values after post_save, which updates the index:
    # without CoachPage.save's second update the index would still hold the old expertise.
    coach = make_coach(directory, title="Nadia Rahman", expertise=["Zanzibar trade links"])
    draft = coach.get_latest_revision_as_object()
    apply_record(draft, {"expertise": ["Orkney ferries"]}, VocabularyCache())
    draft.save_revision().publish()
    text = indexed(engine, coach)
    assert "Orkney" in text and "Zanzibar" not in text
    assert found(client, directory, engine, "orkney") == ["Nadia Rahman"]
    assert found(client, directory, engine, "zanzibar") == []


def test_a_draft_change_is_not_searchable_until_published(client, directory, engine):
    coach = make_coach(directory, title="Nadia Rahman", organisation="Tower Hamlets Tenants")
    draft = coach.get_latest_revision_as_object()
    draft.organisation = "Hackney Housing Forum"
    draft.save_revision()
    assert found(client, directory, engine, "hackney") == []
    assert found(client, directory, engine, "tenants") == ["Nadia Rahman"]


def test_an_unpublished_coach_leaves_the_results(client, directory, engine):
    coach = make_coach(directory, title="Nadia Rahman")
    assert found(client, directory, engine, "Nadia") == ["Nadia Rahman"]
    coach.unpublish()
    assert indexed(engine, coach) is None  # gone from the index, not just filtered out of results
    assert found(client, directory, engine, "Nadia") == []


def test_a_moved_coach_is_found_in_their_new_directory_only(client, directory, engine):
    coach = make_coach(directory, title="Nadia Rahman")
    other_home = add_page(Page.get_first_root_node(), HomePage(title="Another site", slug="another-site"))
    other = make_directory(other_home, slug="other-coaches")
    coach.move(other, pos="last-child")
    coach.refresh_from_db()
    if engine.keeps_documents:
        assert json.loads(indexed(engine, coach))["path_filter"] == coach.path
    assert found(client, directory, engine, "Nadia") == []
    engine.refresh()
    # The other directory is another site's, so it is asked for on that site's host.
    Site.objects.create(hostname="another.example.org", port=80, root_page=other_home)
    response = client.get(
        "/api/v1/coaches/", {"directory": other.pk, "q": "Nadia"}, HTTP_HOST="another.example.org"
    )
    assert response.status_code == 200, response.content
    assert [c["name"] for c in response.json()["items"]] == ["Nadia Rahman"]


def test_a_deleted_coach_leaves_the_index(client, directory, engine):
    coach = make_coach(directory, title="Nadia Rahman")
    assert indexed(engine, coach) is not None
    coach.delete()
    assert indexed(engine, coach) is None
    assert found(client, directory, engine, "Nadia") == []


def test_renaming_an_area_of_expertise_updates_its_coaches(client, directory, engine):
    make_coach(directory, title="Nadia Rahman", expertise=["Fundraising"])
    term = ExpertiseArea.objects.get(name="Fundraising")
    term.name = "Income generation"
    term.save()
    assert found(client, directory, engine, "income generation") == ["Nadia Rahman"]
    assert found(client, directory, engine, "fundraising") == []


def test_imported_coaches_are_searchable_once_the_import_is_done(client, directory, engine, tmp_path):
    from tests.cascading_pages.coaches.test_import_coaches import row

    path = tmp_path / "coaches.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(row(n=1, name="Nadia Rahman", expertise="Zanzibar trade links"))
        writer.writerow(row(n=2, name="Owen Hughes", expertise="Orkney ferries"))
    call_command("import_coaches", str(path), stdout=StringIO())
    assert found(client, directory, engine, "zanzibar") == ["Nadia Rahman"]
    assert found(client, directory, engine, "orkney") == ["Owen Hughes"]
    # Saving one coach afterwards updates the index one by one again.
    owen = CoachPage.objects.get(title="Owen Hughes")
    owen.organisation = "Stromness Sailing Trust"
    owen.save_revision().publish()
    assert found(client, directory, engine, "Stromness") == ["Owen Hughes"]


def test_indexing_many_coaches_reads_each_vocabulary_once_not_once_per_coach(client, directory, engine):
    coaches = [
        make_coach(directory, title=f"Coach {n}", expertise=[f"Orkney ferries {n}"], sectors=["Arts"])
        for n in range(12)
    ]
    nadia = make_coach(
        directory, title="Nadia Rahman", expertise=["Zanzibar trade links"], communities=["Women"]
    )
    # A term taken away from the database, not from the page in memory: the index reads the database.
    ExpertiseArea.objects.get(name="Orkney ferries 0").delete()

    with CaptureQueriesContext(connection) as queries:
        index_objects(CoachPage, [coach.pk for coach in coaches] + [nadia.pk])
    vocabulary_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "_coachpage_" in q["sql"]
    ]
    # One for each vocabulary the directory searches (expertise, sectors, communities).
    assert len(vocabulary_reads) == 3, vocabulary_reads
    assert "Zanzibar" in indexed(engine, nadia)
    assert "Orkney" not in indexed(engine, coaches[0])
    assert "Orkney ferries 5" in indexed(engine, coaches[5])
    assert found(client, directory, engine, "zanzibar") == ["Nadia Rahman"]
