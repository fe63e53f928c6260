"""Keep what the directory searches current: coaches' index entries when a vocabulary term they
are searched by is renamed, and the directories' snapshots (``search.snapshot``) whenever who is
visible, how they are described or their order may have changed."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import PageViewRestriction
from wagtail.search import index
from wagtail.signals import post_page_move

from cascading_pages.models import CoachPage

from .indexing import schedule_index_updates
from .snapshot import coaches_changed, new_generation


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
    for model in searched_vocabularies():
        post_save.connect(
            reindex_coaches_of_term, sender=model, dispatch_uid=f"reindex-coaches-{model.__name__}"
        )
    # Publish, unpublish, edit, delete (also of an ancestor: Django sends post_delete for each
    # coach); a restriction added or lifted; a term renamed or deleted; a coach's terms changed
    # (ClusterableModel writes them after post_save); a page moved (with its coaches).
    # ``cascading_pages.availability.refresh`` changes ``accepting_new_leaders`` with an UPDATE
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
