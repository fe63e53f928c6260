"""Migration 0016 moves what each coach declared (available, limited, full) from their page to their
availability record: a coach who was full is still full, and takes leaders again the moment they
say so, without an editor approving it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from tests.factories import make_coach, make_directory, make_home

# Migrating commits; serialized_rollback brings back what the migrations made, for the tests after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("cascading_pages", "0015_faq_index_page_name")]


def migrate(targets=None):
    """Migrate to ``targets`` (the latest without); returns the models as they are there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_each_coach_keeps_the_availability_of_their_live_page():
    directory = make_directory(make_home())
    full = make_coach(directory, title="Ruth Full", availability="full")
    limited = make_coach(directory, title="Tom Limited", availability="limited")
    never_recorded = make_coach(directory, title="Ada Available")

    try:
        old = migrate(BEFORE)
        OldCoachPage = old.get_model("cascading_pages", "CoachPage")
        # Going back put each declaration on the page; a profile with no record gets one going forward.
        assert dict(OldCoachPage.objects.values_list("title", "availability")) == {
            "Ruth Full": "full",
            "Tom Limited": "limited",
            "Ada Available": "available",
        }
        old.get_model("cascading_pages", "CoachAvailability").objects.filter(pk=never_recorded.pk).delete()
    finally:
        migrate()

    declared = dict(CoachAvailability.objects.values_list("coach__title", "declared"))
    assert declared == {"Ruth Full": "full", "Tom Limited": "limited", "Ada Available": "available"}
    assert list(
        CoachPage.objects.accepting_new_leaders().order_by("title").values_list("title", flat=True)
    ) == [
        "Ada Available",
        "Tom Limited",
    ]
    # Ruth says she has room again: at once, with no revision for an editor to approve.
    availability.update_state(CoachPage.objects.get(pk=full.pk), declared="available")
    assert CoachPage.objects.get(pk=full.pk).is_accepting_new_leaders
    assert not CoachPage.objects.get(pk=full.pk).has_unpublished_changes
    assert CoachPage.objects.get(pk=limited.pk).shown_availability == "limited"
