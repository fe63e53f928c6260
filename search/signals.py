"""Keep coaches' index entries current when a vocabulary term they are searched by is renamed."""

from django.db.models.signals import post_save
from wagtail.search import index

from cascading_pages.models import CoachPage

from .indexing import schedule_index_updates


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


def connect():
    for model in searched_vocabularies():
        post_save.connect(
            reindex_coaches_of_term, sender=model, dispatch_uid=f"reindex-coaches-{model.__name__}"
        )
