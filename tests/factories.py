"""Small builders for a test site tree. Each takes keyword overrides for what a test cares about."""

from itertools import count

from wagtail.models import Page, Site

from cascading_pages.coach_records import VocabularyCache, apply_record
from cascading_pages.models import (
    CoachIndexPage,
    CoachPage,
    FaqCategory,
    FaqIndexPage,
    FaqPage,
    HomePage,
    StandardPage,
)

_numbers = count(1)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, page, live=True):
    """Add ``page`` under ``parent``: published, or as a draft that has never been live."""
    page.live = live
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


def make_home(**fields):
    """A HomePage as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    fields = {"title": "Cascading Leadership", "slug": f"home-{next(_numbers)}", **fields}
    home = add_page(root, HomePage(**fields))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    return home


def make_standard_page(parent, live=True, **fields):
    n = next(_numbers)
    fields = {"title": f"Standard page {n}", "slug": f"standard-{n}", **fields}
    return add_page(parent, StandardPage(**fields), live=live)


def make_directory(parent, **fields):
    fields = {"title": "Find a coach", "slug": "coaches", **fields}
    return add_page(parent, CoachIndexPage(**fields))


def make_coach(directory, live=True, **overrides):
    """A coach under ``directory``. Vocabulary fields take lists of names, created as needed."""
    n = next(_numbers)
    record = {
        "title": f"Coach {n}",
        "role": "Chief executive",
        "organisation": f"Organisation {n}",
        "contact_email": f"coach{n}@example.org",
        "availability": "available",
        "summary": f"Summary for coach {n}.",
        "biography": f"<p>Biography of coach {n}.</p>",
        "regions": [],
        "expertise": [],
        "sectors": [],
        "communities": [],
        "languages": [],
    }
    extra = {key: overrides.pop(key) for key in list(overrides) if key not in record}
    record.update(overrides)
    page = CoachPage(**{"slug": f"coach-{n}", **extra})
    apply_record(page, record, VocabularyCache())
    return add_page(directory, page, live=live)


def make_faq_index(parent, **fields):
    fields = {"title": "Frequently asked questions", "slug": "faqs", **fields}
    return add_page(parent, FaqIndexPage(**fields))


def make_faq(index, category=None, **fields):
    n = next(_numbers)
    if isinstance(category, str):
        category, _ = FaqCategory.objects.get_or_create(name=category)
    fields = {
        "title": f"Question {n}?",
        "slug": f"question-{n}",
        "answer": f"<p>Answer {n}.</p>",
        "category": category,
        **fields,
    }
    return add_page(index, FaqPage(**fields))


def make_image(title="Portrait", description="", **fields):
    """A real PNG image in the image library (renditions are really generated from it)."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    n = next(_numbers)
    image_model = get_image_model()
    return image_model.objects.create(
        title=title,
        description=description,
        file=get_test_image_file(filename=f"portrait-{n}.png", size=(800, 800)),
        **fields,
    )
