"""Keeping coaches in step with the page tree, however pages are created, published, moved or deleted.

- Logins and moderation: a new directory is moderated, a deleted profile leaves no login behind,
  and a coach gets our email at each step of their change's approval (``coaches.moderation``).
- Availability: every new profile gets its record, and publishing re-applies the rule.
- What the directory searches: coaches' index entries when a vocabulary term they are searched by
  is renamed, and the directories' snapshots (``cascading_pages.search.snapshot``) whenever who is
  visible, how they are described or their order may have changed.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import PageViewRestriction
from wagtail.search import index
from wagtail.signals import (
    page_published,
    post_page_move,
    task_submitted,
    workflow_approved,
    workflow_rejected,
)

from cascading_pages.coaches import moderation
from cascading_pages.coaches.accounts import moderate_directory, remove_coach
from cascading_pages.coaches.availability import confirm_profile, refresh
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.search.indexing import schedule_index_updates
from cascading_pages.search.snapshot import coaches_changed, new_generation


def moderate_new_directory(sender, instance, created, raw=False, **kwargs):
    """A directory made later (by an editor or ``load_demo_content``) is moderated like the first."""
    if created and not raw:
        moderate_directory(instance)


def close_deleted_coach_account(sender, instance, **kwargs):
    """A deleted profile leaves no login behind that could still reach the admin."""
    if instance.account_id is not None:
        remove_coach(instance, unpublish=False)


def start_coach_availability(sender, instance, created, raw=False, **kwargs):
    """Every new profile gets its availability record (capacity, pause, freshness) and its flag."""
    if created and not raw:
        refresh(instance)


def coach_profile_published(sender, instance, revision=None, **kwargs):
    """Publishing re-applies the availability rule; a coach's own published change also confirms
    that their profile is up to date."""
    if revision is not None and instance.account_id and revision.user_id == instance.account_id:
        confirm_profile(instance)
    else:
        refresh(instance)


def searched_vocabularies():
    """The vocabulary models whose names are part of a coach's search text."""
    return [
        CoachPage._meta.get_field(field.field_name).related_model
        for field in CoachPage.get_search_fields()
        if isinstance(field, index.RelatedFields)
    ]


def reindex_coaches_of_term(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:  # A new term describes no coach yet.
        return
    schedule_index_updates(CoachPage, list(instance.coaches.values_list("pk", flat=True)))


def vocabulary_fields():
    return [f for f in CoachPage._meta.many_to_many if isinstance(f, ParentalManyToManyField)]


def snapshots_out_of_date(sender, raw=False, using=None, **kwargs):
    if not raw:
        coaches_changed(using)


def terms_changed(sender, action, using=None, **kwargs):
    if action.startswith("post_"):
        coaches_changed(using)


def connect():
    post_save.connect(
        moderate_new_directory, sender=CoachIndexPage, dispatch_uid="cascading_moderate_directory"
    )
    post_save.connect(
        start_coach_availability, sender=CoachPage, dispatch_uid="cascading_start_coach_availability"
    )
    page_published.connect(
        coach_profile_published, sender=CoachPage, dispatch_uid="cascading_coach_profile_published"
    )
    task_submitted.connect(moderation.change_submitted, dispatch_uid="cascading_coach_change_submitted")
    workflow_rejected.connect(moderation.changes_requested, dispatch_uid="cascading_coach_changes_requested")
    workflow_approved.connect(moderation.change_approved, dispatch_uid="cascading_coach_change_approved")
    pre_delete.connect(close_deleted_coach_account, sender=CoachPage, dispatch_uid="cascading_close_account")
    for model in searched_vocabularies():
        post_save.connect(
            reindex_coaches_of_term, sender=model, dispatch_uid=f"reindex-coaches-{model.__name__}"
        )
    # Publish, unpublish, edit, delete (also of an ancestor: Django sends post_delete for each
    # coach); a restriction added or lifted; a term renamed or deleted; a coach's terms changed
    # (ClusterableModel writes them after post_save); a page moved (with its coaches).
    # ``cascading_pages.coaches.availability.refresh`` changes ``accepting_new_leaders`` with an UPDATE
    # and calls ``coaches_changed`` itself.
    senders = [CoachPage, PageViewRestriction] + [f.related_model for f in vocabulary_fields()]
    for model in senders:
        uid = f"directory-snapshots-{model._meta.label_lower}"
        post_save.connect(snapshots_out_of_date, sender=model, dispatch_uid=uid)
        post_delete.connect(snapshots_out_of_date, sender=model, dispatch_uid=uid)
    for f in vocabulary_fields():
        m2m_changed.connect(
            terms_changed, sender=f.remote_field.through, dispatch_uid=f"directory-snapshots-{f.name}"
        )
    post_page_move.connect(snapshots_out_of_date, dispatch_uid="directory-snapshots-move")
    # ``flush`` (as between transactional tests) empties tables without a signal per row.
    post_migrate.connect(new_generation, dispatch_uid="directory-snapshots-flush")
