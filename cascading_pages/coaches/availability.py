"""Is this coach accepting new leaders right now? The one rule, and what keeps its answer current.

A coach is accepting new leaders when all of these hold:

- they have not declared themselves full (``CoachAvailability.declared``: a coach, or an editor for
  them, sets it on the availability screen beside capacity and pause, and it applies at once);
- they are not paused (a pause with an "available again from" date ends on that date);
- their profile has not lapsed for want of a "still accurate?" confirmation;
- fewer leaders are accepted or in coaching with them than their capacity.

``is_accepting`` applies the rule. Its answer is stored on the page as ``accepting_new_leaders``
(indexed as a search filter) by ``refresh``, which every change that can move it calls: an
acceptance, a relationship completed or withdrawn, a declaration, capacity or pause change, a profile published,
confirmed or lapsed, and the scheduled work (``cascading_pages.scheduler``) for pauses that end by
date. Everything that asks reads that column:

- many pages: ``CoachPage.objects.accepting_new_leaders()`` (a queryset method, usable before
  ``.search()`` because the column is a ``FilterField``);
- one page: ``coach.is_accepting_new_leaders``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cascading_pages.coaches.models import Availability, CoachAvailability, CoachPage
from cascading_pages.pagecache.store import page_changed
from cascading_pages.search.indexing import schedule_index_updates
from cascading_pages.search.snapshot import coaches_changed

# --- the rule -----------------------------------------------------------------------------------


def state_for(coach):
    """The coach's availability record, made with the defaults if they have none yet."""
    state, _ = CoachAvailability.objects.get_or_create(coach_id=coach.pk)
    return state


def active_leaders(coach):
    """Leaders accepted by or in coaching with ``coach``: what counts against their capacity."""
    # The expressions of interest are the interest concern's, which builds on this one: reached
    # through the coach, whose reverse relation carries their queryset's ``active()``.
    return coach.current_expressions_of_interest.active().count()


def is_accepting(coach, state, active_count, now=None):
    """The rule itself, for one coach: see the module's docstring."""
    now = now or timezone.now()
    return (
        state.declared != Availability.FULL
        and not state.is_paused_on(timezone.localdate(now))
        and state.lapsed_at is None
        and active_count < state.capacity
    )


def refresh(coach, now=None):
    """Store the rule's answer for ``coach`` and re-index them when it changed. Returns the answer."""
    state = state_for(coach)
    accepting = is_accepting(coach, state, active_leaders(coach), now)
    changed = (
        CoachPage.objects.filter(pk=coach.pk)
        .exclude(accepting_new_leaders=accepting)
        .update(accepting_new_leaders=accepting)
    )
    coach.accepting_new_leaders = accepting
    if changed:
        # An UPDATE sends no signal: the directory's counts and the profile must follow.
        coaches_changed()
        page_changed(coach.pk)
        transaction.on_commit(lambda: reindex(coach.pk))
    return accepting


def refresh_all(now=None):
    """Re-apply the rule to every coach; returns how many changed."""
    changed = 0
    for coach in CoachPage.objects.select_related("availability_state"):
        before = coach.accepting_new_leaders
        if refresh(coach, now) != before:
            changed += 1
    return changed


def reindex(coach_pk):
    schedule_index_updates(CoachPage, [coach_pk])


# --- what a coach changes -----------------------------------------------------------------------


#: What a coach (or an editor for them) sets on the availability screen.
SETTABLE = ("declared", "capacity", "paused", "available_again_on")


def update_state(coach, now=None, **values):
    """Set any of ``SETTABLE`` on the coach's availability record and apply it at once (no
    moderation: none of it is content). A pause's "available again from" date goes with the pause.
    """
    unknown = set(values) - set(SETTABLE)
    if unknown:
        raise TypeError(f"update_state() cannot set {', '.join(sorted(unknown))}")
    with transaction.atomic():
        state = CoachAvailability.objects.select_for_update().get(pk=state_for(coach).pk)
        declaration_changed = "declared" in values and values["declared"] != state.declared
        for name, value in values.items():
            setattr(state, name, value)
        if not state.paused:
            state.available_again_on = None
        state.save(update_fields=SETTABLE)
        coach.availability_state = state
        refresh(coach, now)
        if declaration_changed:
            # The snapshots are out of date even when the answer stays the same: a card shows
            # "Limited availability" where it said "Available".
            coaches_changed()
    return state


def confirm_profile(coach, now=None):
    """The coach says their profile is up to date: the freshness clock starts again."""
    now = now or timezone.now()
    with transaction.atomic():
        state = CoachAvailability.objects.select_for_update().get(pk=state_for(coach).pk)
        state.confirmed_at = now
        state.prompted_at = None
        state.lapsed_at = None
        state.save(update_fields=["confirmed_at", "prompted_at", "lapsed_at"])
        refresh(coach, now)
    return state


def end_pauses(now):
    """Lift every pause whose "available again from" date has come. Returns the coaches."""
    today = timezone.localdate(now)
    ended = []
    for state in CoachAvailability.objects.filter(paused=True, available_again_on__lte=today).select_related(
        "coach"
    ):
        with transaction.atomic():
            updated = CoachAvailability.objects.filter(pk=state.pk, paused=True).update(
                paused=False, available_again_on=None
            )
            if updated:
                page_changed(state.coach_id)  # What the profile says of the pause.
                refresh(state.coach, now)
                ended.append(state.coach)
    return ended


# --- fresh profiles: ``settings`` are the coach's site's ``ProgrammeSettings`` ---------------------


def profile_check_due(state, settings, now):
    """Whether the coach is due a "still accurate?" email."""
    return state.prompted_at is None and now >= state.confirmed_at + datetime.timedelta(
        days=settings.profile_check_days
    )


def profile_lapse_due(state, settings, now):
    """Whether the coach's profile lapses, unconfirmed since that email."""
    return (
        state.lapsed_at is None
        and state.prompted_at is not None
        and now >= state.prompted_at + datetime.timedelta(days=settings.profile_lapse_days)
    )
