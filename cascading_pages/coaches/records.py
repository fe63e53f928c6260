"""Creating and updating coach profiles from plain values: shared by the CSV import and the demo.

A record is a dict of CoachPage field values plus vocabulary names under ``regions``,
``expertise``, ``sectors``, ``communities`` and ``languages``, and optionally what the coach
declares under ``availability`` (available, limited, full). That one is not a page field: it is
the coach's availability record (``cascading_pages.coaches.availability``), set at once even when
the profile's changes are left as a draft.
"""

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from cascading_pages.coaches import availability
from cascading_pages.coaches.models import CoachPage
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector

VOCABULARY_FIELDS = {
    "regions": Region,
    "expertise": ExpertiseArea,
    "sectors": Sector,
    "communities": Community,
    "languages": Language,
}
SCALAR_FIELDS = (
    "title",
    "role",
    "organisation",
    "organisation_url",
    "contact_email",
    "summary",
    "biography",
    "coaching_approach",
)


def email_key(email):
    """What two emails naming the same coach have in common: emails match whatever their capitals
    (and are stored as given). In a query: ``Lower("contact_email")`` (on SQLite, whose LOWER() only
    knows ASCII, an email with capital non-ASCII letters matches only as stored)."""
    return email.lower()


class VocabularyCache:
    """Finds vocabulary terms by name (ignoring case), creating the missing ones on request."""

    def __init__(self, create=True):
        self.create = create
        self.created = {field: [] for field in VOCABULARY_FIELDS}
        self._terms = {
            field: {term.name.casefold(): term for term in model.objects.all()}
            for field, model in VOCABULARY_FIELDS.items()
        }

    def forget_unsaved(self):
        """After a rollback: forget the terms that are no longer in the database."""
        self._terms = {
            field: {term.name.casefold(): term for term in model.objects.all()}
            for field, model in VOCABULARY_FIELDS.items()
        }
        for field, names in self.created.items():
            names[:] = [name for name in names if name.casefold() in self._terms[field]]

    def terms(self, field, names):
        found = []
        for name in names:
            key = name.casefold()
            term = self._terms[field].get(key)
            if term is None:
                model = VOCABULARY_FIELDS[field]
                term = model(name=name)
                if self.create:
                    term.save()
                self._terms[field][key] = term
                self.created[field].append(name)
            found.append(term)
        return found


def _related_ids(page, field):
    return sorted(term.pk for term in getattr(page, field).all())


def apply_record(page, record, vocabularies):
    """Copy ``record`` onto ``page``; return True if anything changed."""
    changed = False
    for field in SCALAR_FIELDS:
        if field in record and getattr(page, field) != record[field]:
            setattr(page, field, record[field])
            changed = True
    for field in VOCABULARY_FIELDS:
        if field not in record:
            continue
        terms = vocabularies.terms(field, record[field])
        if page.pk is None or sorted(t.pk for t in terms) != _related_ids(page, field):
            getattr(page, field).set(terms)
            changed = True
    return changed


@transaction.atomic
def create_coach(directory, record, vocabularies, publish=True, **extra_fields):
    """Add a coach under ``directory``: published, as the admin's "Publish" does, or as a draft
    that has never been live."""
    page = CoachPage(live=publish, **extra_fields)
    apply_record(page, record, vocabularies)
    directory.add_child(instance=page)
    revision = page.save_revision(clean=False)
    if publish:
        revision.publish()
    apply_declaration(page, record)
    return page


class SlugAllocator:
    """The slug Wagtail would give each new coach in one directory, without a query per attempt.

    Wagtail tries ``name``, ``name-2``, ``name-3``... with a query each until one is free among the
    page's siblings: with thousands of coaches sharing common names, that is dozens of queries per
    coach. This asks for the directory's slugs once and then picks the same free one in memory
    (saving the page still checks that it is free).
    """

    def __init__(self, directory):
        children = Page.objects.filter(path__startswith=directory.path, depth=directory.depth + 1)
        self.taken = set(children.values_list("slug", flat=True))

    def slug_for(self, title):
        base = slugify(title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True))
        candidate, suffix = base, 1
        while candidate in self.taken:
            suffix += 1
            candidate = f"{base}-{suffix}"
        self.taken.add(candidate)
        return candidate


#: What ``update_coach`` did to a coach.
UNCHANGED, PUBLISHED, DRAFTED = "unchanged", "updated", "saved as draft for review"


def awaits_review(page):
    """Whether publishing ``page``'s latest revision would publish something no editor approved:
    an editor unpublished the coach (or never published them), or a draft waits for review."""
    return not page.live or page.has_unpublished_changes


@transaction.atomic
def update_coach(page, record, vocabularies, publish=True):
    """Bring an existing coach up to date; return UNCHANGED, PUBLISHED or DRAFTED.

    Changes are saved as a new revision on top of the latest one. It is published straight away
    only when ``publish`` is true and publishing it publishes nothing but these changes: a coach
    with a draft waiting for review, or one an editor unpublished, gets a new draft instead, for
    an editor to review. An email that differs only in its capitals is the same email: the one
    stored is kept.
    """
    declared = apply_declaration(page, record)
    publish = publish and not awaits_review(page)
    page = page.get_latest_revision_as_object()
    if "contact_email" in record and email_key(record["contact_email"]) == email_key(page.contact_email):
        record = {**record, "contact_email": page.contact_email}
    if not apply_record(page, record, vocabularies):
        return PUBLISHED if declared else UNCHANGED
    revision = page.save_revision(clean=False)
    if publish:
        revision.publish()
        return PUBLISHED
    return DRAFTED


def apply_declaration(page, record):
    """Set the coach's declared availability from ``record``, if it has one; True if it changed."""
    if not record.get("availability"):
        return False
    before = availability.state_for(page).declared
    return availability.update_state(page, declared=record["availability"]).declared != before
