"""Adding many new coaches to one directory at once: the rows ``add_child``, ``save_revision`` and
``publish`` leave for each coach, written a table at a time.

Made one by one, a new coach costs about a hundred queries (the parent locked and counted, the page
validated and saved, its terms, a revision, the page saved again to publish it, log entries, its
availability record, the reference index). ``create_coaches`` writes the same rows for a whole
batch in a few queries per table:

- each page's place in the tree (treebeard's materialised ``path``, ``depth``), ``url_path``, slug,
  locale, draft title and publication fields are worked out in memory, as ``add_child`` and
  ``publish`` would set them, after the directory's row is locked as ``add_child`` locks it;
- the ``wagtailcore_page`` rows, then the ``CoachPage`` table's own columns, the terms, one revision
  each (its content what ``save_revision`` stores), ``latest_revision``/``live_revision``, the
  "wagtail.create" and "wagtail.publish" log entries, the availability records, the reference index
  and the directory's ``numchild``.

What the signals of a save and a publish did for each page is asked for once for the batch: the
search index update (``schedule_index_updates``, held back to the end of an import by
``bulk_indexing``) and the directory snapshots' generation (``coaches_changed``; the page cache and
the frontend cache purge follow that generation, ``cascading_pages.pagecache.store``).

It must run inside the caller's transaction: a batch that fails leaves nothing behind.
``tests/cascading_pages/coaches/test_import_coaches_bulk_tree.py`` compares what it writes with what
``add_child`` and publishing write, row for row.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from cascading_pages.coaches.availability import is_accepting
from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.coaches.records import VOCABULARY_FIELDS, apply_record
from cascading_pages.search.indexing import schedule_index_updates
from cascading_pages.search.snapshot import coaches_changed


def create_coaches(directory, records, vocabularies, slugs, publish=True):
    """Add a coach under ``directory`` for each of ``records`` (a list), published or as drafts, as
    ``records.create_coach`` does for one; ``slugs`` is the directory's ``SlugAllocator``. Returns
    the new pages, in the order of ``records``."""
    if not records:
        return []
    using = router.db_for_write(Page)
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError(
            "create_coaches() must run inside a transaction: a batch is written whole or not at all."
        )
    now = timezone.now()
    # As add_child does: the parent's row locked, and the last child's path to count on from.
    parent = Page.objects.select_for_update().get(pk=directory.pk)
    last_child = parent.get_last_child() if parent.numchild else None
    position = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0

    pages = []
    for record in records:
        position += 1
        page = CoachPage(live=publish, slug=slugs.slug_for(record["title"]), locale_id=parent.locale_id)
        apply_record(page, record, vocabularies)  # The terms stay in memory until written below.
        page.depth = parent.depth + 1
        page.path = tree_path(parent, position)
        page._cached_parent_obj = parent
        page.set_url_path(parent)
        validate(page)
        for relation in get_all_child_relations(CoachPage):  # No comments yet: nothing to ask for.
            setattr(page, relation.get_accessor_name(), [])
        pages.append(page)
    check_slugs_free(parent, pages)

    # What save_revision and publish leave on the page, but its revision's ID. The revision itself
    # holds the page as it was before (as ``add_child`` left it).
    published = {
        "has_unpublished_changes": not publish,
        "latest_revision_created_at": now,
        "first_published_at": now if publish else None,
        "last_published_at": now if publish else None,
    }
    insert_pages(pages, published, using)
    insert_terms(pages)
    revisions = insert_revisions(pages, now)
    for page, revision in zip(pages, revisions, strict=True):
        for name, value in published.items():
            setattr(page, name, value)
        page.latest_revision = revision
        page.live_revision = revision if publish else None
    # Each page's only revision, found by the index on (base_content_type, object_id): one UPDATE
    # for the batch where bulk_update would send a CASE of every page.
    revision = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id=Cast(OuterRef("pk"), CharField())
    ).values("pk")[:1]
    links = {"latest_revision_id": Subquery(revision)}
    if publish:
        links["live_revision_id"] = Subquery(revision)
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(**links)
    insert_log_entries(pages, revisions, publish, now)
    insert_availability(pages, records, now)
    insert_references(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    directory.numchild = parent.numchild + len(pages)

    schedule_index_updates(CoachPage, [page.pk for page in pages])
    coaches_changed(using)
    return pages


def tree_path(parent, position):
    """The path treebeard gives the child at ``position`` (1, 2, ...) of ``parent``."""
    path = Page._get_path(parent.path, parent.depth + 1, position)
    if len(path) != len(parent.path) + Page.steplen:
        raise PathOverflow(f"Path Overflow from: '{parent.path}' (child {position})")
    if len(path) > Page._meta.get_field("path").max_length:
        raise PathOverflow("The new node is too deep in the tree")
    return path


def validate(page):
    """What saving a new page validates (``Page.save``: ``full_clean`` for a live page, the title
    and slug for a draft), but for the checks that ask the database once per page: the slug's
    uniqueness among its siblings (``check_slugs_free`` asks once for the batch), the translation
    key's (a new uuid4, which a unique constraint guards besides), and whether the locale and
    content type it points to exist (the directory's own locale, read from its locked row, and
    CoachPage's content type)."""
    page._set_core_field_defaults()
    if page.live:
        page.clean_fields(exclude=["locale", "content_type"])
    else:
        page.title = page._meta.get_field("title").clean(page.title, page)


def check_slugs_free(parent, pages):
    taken = set(
        parent.get_children().filter(slug__in=[page.slug for page in pages]).values_list("slug", flat=True)
    )
    if taken:
        raise ValidationError(
            {
                "slug": f"The slug '{sorted(taken)[0]}' is already in use within the parent page at "
                f"'{parent.url_path}'."
            }
        )


def pages_as_base(pages, values):
    """The ``wagtailcore_page`` rows (the base ``Page`` part) of ``pages``, with ``values`` in place
    of theirs."""
    fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    return [
        Page(**{f.attname: values.get(f.attname, getattr(page, f.attname)) for f in fields}) for page in pages
    ]


def insert_pages(pages, values, using):
    base_rows = pages_as_base(pages, values)
    Page.objects.bulk_create(base_rows)
    for page, row in zip(pages, base_rows, strict=True):
        if row.pk is None:
            raise RuntimeError("The database returned no IDs for the new pages.")
        page.pk = page.id = row.pk  # (``pk`` is page_ptr_id)
        page._state.adding = False
    # Django's bulk_create refuses a model with multi-table inheritance (a CoachPage is a row of
    # wagtailcore_page and a row of its own table). The Page rows are in: this inserts the CoachPage
    # table's own columns for them, as Model.save does for one (``_do_insert``), in as few statements
    # as the database takes.
    fields = CoachPage._meta.local_concrete_fields
    size = connections[using].ops.bulk_batch_size(fields, pages) or len(pages)
    for start in range(0, len(pages), size):
        CoachPage._base_manager.using(using)._insert(pages[start : start + size], fields=fields, using=using)


def insert_terms(pages):
    for name in VOCABULARY_FIELDS:
        field = CoachPage._meta.get_field(name)
        through = field.remote_field.through
        from_column, to_column = field.m2m_column_name(), field.m2m_reverse_name()
        through.objects.bulk_create(
            [
                through(**{from_column: page.pk, to_column: term.pk})
                for page in pages
                for term in getattr(page, name).all()
            ],
            batch_size=500,
        )


def insert_revisions(pages, now):
    page_type = ContentType.objects.get_for_model(Page)
    revisions = []
    for page in pages:
        revisions.append(
            Revision(
                content_type=ContentType.objects.get_for_model(page),
                base_content_type=page_type,
                object_id=str(page.pk),
                user=None,
                approved_go_live_at=None,
                content=page.serializable_data(),
                object_str=str(page),
                created_at=now,
            )
        )
    return Revision.objects.bulk_create(revisions, batch_size=500)


def insert_log_entries(pages, revisions, publish, now):
    context = get_active_log_context()
    page_type = ContentType.objects.get_for_model(CoachPage, for_concrete_model=False)
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        common = {
            "content_type": page_type,
            "label": page.get_admin_display_title(),
            "timestamp": now,
            "data": {},
            "user": context.user,
            "uuid": context.uuid,
            "content_changed": True,
            "page_id": page.pk,
        }
        entries.append(PageLogEntry(action="wagtail.create", **common))
        if publish:
            entries.append(PageLogEntry(action="wagtail.publish", revision=revision, **common))
    PageLogEntry.objects.bulk_create(entries, batch_size=500)


def insert_availability(pages, records, now):
    """Each new coach's availability record, with what their row declares, and the rule's answer."""
    states = []
    for page, record in zip(pages, records, strict=True):
        state = CoachAvailability(coach_id=page.pk, confirmed_at=now)
        if record.get("availability"):
            state.declared = record["availability"]
        # The rule's answer (``availability.refresh``): a new coach has no leaders yet. The revision
        # holds the page as it was before, as when the page's own save made the record.
        page.accepting_new_leaders = is_accepting(page, state, 0, now)
        page.availability_state = state
        states.append(state)
    CoachAvailability.objects.bulk_create(states, batch_size=500)
    not_accepting = [page.pk for page in pages if not page.accepting_new_leaders]
    if not_accepting:
        CoachPage.objects.filter(pk__in=not_accepting).update(accepting_new_leaders=False)


def insert_references(pages):
    """The reference index rows ``ReferenceIndex.create_or_update_for_object`` makes for a new page
    (it has none to compare with or delete)."""
    content_type = ContentType.objects.get_for_model(CoachPage, for_concrete_model=False)
    base_content_type = ContentType.objects.get_for_model(Page, for_concrete_model=False)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=page.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows, batch_size=500)
