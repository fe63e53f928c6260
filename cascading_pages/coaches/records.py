"""Creating and updating coach profiles from plain values: shared by the CSV import and the demo.

A record is a dict of CoachPage field values plus vocabulary names under ``regions``,
``expertise``, ``sectors``, ``communities`` and ``languages``, and optionally what the coach
declares under ``availability`` (available, limited, full). That one is not a page field: it is
the coach's availability record (``cascading_pages.coaches.availability``), set at once even when
the profile's changes are left as a draft.
"""

from django.db import transaction

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


class VocabularyCache:
    """Finds vocabulary terms by name (ignoring case), creating the missing ones on request."""

    def __init__(self, create=True):
        self.create = create
        self.created = {field: [] for field in VOCABULARY_FIELDS}
        self._terms = {
            field: {term.name.casefold(): term for term in model.objects.all()}
            for field, model in VOCABULARY_FIELDS.items()
        }

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
    page = CoachPage(live=publish, **extra_fields)
    apply_record(page, record, vocabularies)
    directory.add_child(instance=page)
    revision = page.save_revision(clean=False)
    if publish:
        revision.publish()
    apply_declaration(page, record)
    return page


@transaction.atomic
def update_coach(page, record, vocabularies, publish=True):
    """Bring an existing coach up to date; return True if it changed.

    Changes are saved as a new revision: published straight away, or left as a draft for an
    editor to review when ``publish`` is false.
    """
    declared = apply_declaration(page, record)
    page = page.get_latest_revision_as_object()
    if not apply_record(page, record, vocabularies):
        return declared
    revision = page.save_revision(clean=False)
    if publish:
        revision.publish()
    return True


def apply_declaration(page, record):
    """Set the coach's declared availability from ``record``, if it has one; True if it changed."""
    if not record.get("availability"):
        return False
    before = availability.state_for(page).declared
    return availability.update_state(page, declared=record["availability"]).declared != before
