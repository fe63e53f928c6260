"""The directory counts from a snapshot of its coaches kept in the cache between requests. Whatever
an editor or a coach changes shows in the results and counts at once, in every app process.

These tests commit what they do (a transactional database), as a real site does: the snapshot
shared between processes is only replaced when a change is committed. "Another process" is this
one with the snapshots it keeps in memory forgotten: it reads the shared cache, as a second
gunicorn worker would.
"""

import pytest
from django.db import transaction
from django.http import QueryDict
from wagtail.models import Page, PageViewRestriction, Site

from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.records import VocabularyCache, apply_record
from cascading_pages.content.models import HomePage
from cascading_pages.search.snapshot import forget_snapshots
from cascading_pages.vocabularies.models import Region
from tests.factories import add_page, make_coach, make_directory, make_home

# serialized_rollback: the page tree's root, made by a migration, is back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def directory(engine):
    directory = make_directory(make_home())
    make_coach(directory, title="Amara Okafor", regions=["London"], summary="Mental health charity.")
    make_coach(directory, title="Bethan Llewellyn", regions=["Wales"], summary="Older people, mental health.")
    engine.refresh()
    return directory


def ask(client, directory, engine, **params):
    """The directory's JSON answer, asked on the host of the site it belongs to."""
    engine.refresh()
    host = directory.get_site().hostname
    response = client.get("/api/v1/coaches/", {"directory": directory.pk, **params}, HTTP_HOST=host)
    assert response.status_code == 200, response.content
    return response.json()


def facet_options(data, name):
    return next(facet for facet in data["facets"] if facet["name"] == name)["options"]


def region_counts(data):
    return {option["label"]: option["count"] for option in facet_options(data, "region") if option["count"]}


def accepting_count(data):
    return facet_options(data, "accepting")[0]["count"]


def in_every_process(client, directory, engine, **params):
    """The answer of this process (snapshot in memory) and of another one (shared cache only),
    which must agree."""
    here = ask(client, directory, engine, **params)
    forget_snapshots()
    elsewhere = ask(client, directory, engine, **params)
    assert here == elsewhere
    return here


def test_a_published_coach_is_counted_at_once(client, directory, engine):
    assert in_every_process(client, directory, engine)["count"] == 2
    make_coach(directory, title="Chidi Nwosu", regions=["London"], summary="Mental health peer support.")
    data = in_every_process(client, directory, engine, q="mental health")
    assert data["count"] == 3
    assert region_counts(data) == {"London": 2, "Wales": 1}


def test_an_unpublished_coach_is_no_longer_counted(client, directory, engine):
    assert region_counts(in_every_process(client, directory, engine)) == {"London": 1, "Wales": 1}
    CoachPage.objects.get(title="Amara Okafor").unpublish()
    data = in_every_process(client, directory, engine)
    assert [coach["name"] for coach in data["items"]] == ["Bethan Llewellyn"]
    assert region_counts(data) == {"Wales": 1}


def test_a_coach_who_pauses_leaves_the_accepting_count_and_comes_back(client, directory, engine):
    assert accepting_count(in_every_process(client, directory, engine)) == 2
    amara = CoachPage.objects.get(title="Amara Okafor")
    availability.update_state(amara, capacity=3, paused=True, available_again_on=None)
    data = in_every_process(client, directory, engine, accepting="1")
    assert accepting_count(data) == 1
    assert [coach["name"] for coach in data["items"]] == ["Bethan Llewellyn"]
    availability.update_state(amara, capacity=3, paused=False, available_again_on=None)
    assert accepting_count(in_every_process(client, directory, engine)) == 2


def test_a_published_change_of_region_moves_the_counts(client, directory, engine):
    assert region_counts(in_every_process(client, directory, engine)) == {"London": 1, "Wales": 1}
    amara = CoachPage.objects.get(title="Amara Okafor")
    draft = amara.get_latest_revision_as_object()
    apply_record(draft, {"regions": ["Scotland"]}, VocabularyCache())
    revision = draft.save_revision()
    # A draft changes nothing a leader sees...
    assert region_counts(in_every_process(client, directory, engine)) == {"London": 1, "Wales": 1}
    revision.publish()
    # ...until it is published.
    data = in_every_process(client, directory, engine, region="scotland")
    assert region_counts(data) == {"Scotland": 1, "Wales": 1}
    assert [coach["name"] for coach in data["items"]] == ["Amara Okafor"]


def test_a_private_moved_or_deleted_coach_leaves_the_counts(client, directory, engine):
    assert in_every_process(client, directory, engine)["count"] == 2
    amara = CoachPage.objects.get(title="Amara Okafor")
    restriction = PageViewRestriction.objects.create(page=amara, restriction_type="password", password="x")
    assert region_counts(in_every_process(client, directory, engine)) == {"Wales": 1}
    restriction.delete()
    assert region_counts(in_every_process(client, directory, engine)) == {"London": 1, "Wales": 1}

    other_home = add_page(Page.get_first_root_node(), HomePage(title="Another site", slug="another-site"))
    Site.objects.create(hostname="another.example.org", port=80, root_page=other_home)
    other = make_directory(other_home, slug="other-coaches")
    amara.move(other, pos="last-child")
    assert region_counts(in_every_process(client, directory, engine)) == {"Wales": 1}
    assert region_counts(in_every_process(client, other, engine)) == {"London": 1}

    CoachPage.objects.get(title="Bethan Llewellyn").delete()
    assert in_every_process(client, directory, engine)["count"] == 0


def test_a_deleted_region_is_no_longer_offered_or_counted(client, directory, engine):
    assert region_counts(in_every_process(client, directory, engine)) == {"London": 1, "Wales": 1}
    Region.objects.get(name="Wales").delete()
    data = in_every_process(client, directory, engine)
    assert region_counts(data) == {"London": 1}
    assert "Wales" not in [option["label"] for option in facet_options(data, "region")]


def test_a_change_is_seen_by_its_own_transaction_and_forgotten_if_rolled_back(client, directory, engine):
    assert in_every_process(client, directory, engine)["count"] == 2
    with pytest.raises(RuntimeError), transaction.atomic():
        CoachPage.objects.get(title="Amara Okafor").unpublish()
        assert ask(client, directory, engine)["count"] == 1  # This transaction sees its change...
        raise RuntimeError("the editor's request fails")
    # ...and once it is rolled back, nobody does (this process's memory included).
    data = ask(client, directory, engine)
    assert data["count"] == 2
    assert region_counts(data) == {"London": 1, "Wales": 1}


def test_without_a_cache_the_directory_still_counts_right(directory, settings, caplog):
    # Nothing listens on this port: every cache call fails, as with Redis down. (Wagtail itself
    # caches the sites' root paths, so pages are asked of the directory service directly.)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    forget_snapshots()

    def counts():
        results = directory.get_directory().search(QueryDict())
        return {o.label: o.count for f in results.facets if f.name == "region" for o in f.options if o.count}

    assert counts() == {"London": 1, "Wales": 1}
    CoachPage.objects.get(title="Amara Okafor").unpublish()  # Marking snapshots out of date fails too.
    assert counts() == {"Wales": 1}
    assert "Cache unavailable" in caplog.text
    assert "Could not mark the directory snapshots out of date" in caplog.text
