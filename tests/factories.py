"""Small builders for a test site tree, and the steps many stories share: a leader sending the form,
a second browser logged in, the emails a step sends. Each takes keyword overrides for what a test
cares about."""

from contextlib import contextmanager
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client, TestCase
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

from cascading_pages.coaches import availability
from cascading_pages.coaches.accounts import link_account
from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.coaches.records import VocabularyCache, apply_record
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.faqs.models import FaqCategory, FaqIndexPage, FaqPage
from cascading_pages.interest.pages import ExpressionOfInterestFormField, ExpressionOfInterestPage
from cascading_pages.interest.receive import receive
from cascading_pages.programme.models import ProgrammeSettings

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
    """A HomePage as the default site's root, replacing Wagtail's welcome page.

    The site gets the programme inbox the tests read mail for, as a real site has one.
    """
    root = Page.get_first_root_node()
    fields = {"title": "Cascading Leadership", "slug": f"home-{next(_numbers)}", **fields}
    home = add_page(root, HomePage(**fields))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"},
    )
    make_programme_settings()
    return home


def make_other_site(hostname="north.example.org", **fields):
    """A second site, with a HomePage of its own and its own inbox; the default site stays as it is."""
    root = Page.get_first_root_node()
    fields = {"title": "Cascading Leadership North", "slug": f"home-{next(_numbers)}", **fields}
    home = add_page(root, HomePage(**fields))
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=hostname)
    make_programme_settings(site, inbox=f"programme@{hostname}")
    return home


def make_programme_settings(site=None, **values):
    """``site``'s (by default the default site's) Settings › Programme settings, with ``values``."""
    site = site or Site.objects.get(is_default_site=True)
    values = {"inbox": "programme@example.org", **values}
    settings, _ = ProgrammeSettings.objects.update_or_create(site=site, defaults=values)
    return settings


def make_standard_page(parent, live=True, **fields):
    n = next(_numbers)
    fields = {"title": f"Standard page {n}", "slug": f"standard-{n}", **fields}
    return add_page(parent, StandardPage(**fields), live=live)


def make_directory(parent, **fields):
    fields = {"title": "Find a coach", "slug": "coaches", **fields}
    return add_page(parent, CoachIndexPage(**fields))


def make_coach(directory, live=True, **overrides):
    """A coach under ``directory``. Vocabulary fields take lists of names, created as needed;
    ``availability`` ("available", "limited", "full") is what the coach declares on their
    availability record."""
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
    declared = record.pop("availability")
    page = CoachPage(**{"slug": f"coach-{n}", **extra})
    apply_record(page, record, VocabularyCache())
    page = add_page(directory, page, live=live)
    if declared != availability.state_for(page).declared:
        availability.update_state(page, declared=declared)
    return page


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


def make_interest_page(home, extra_questions=(), **fields):
    """The expression of interest form under ``home``; ``extra_questions`` are dicts of form-field values."""
    fields = {"title": "Register your interest", "slug": "register-interest", **fields}
    page = ExpressionOfInterestPage(**fields)
    page.form_fields = [ExpressionOfInterestFormField(**question) for question in extra_questions]
    return add_page(home, page)


def interest_answers(coach, **overrides):
    """A complete, valid set of answers to the expression of interest form, as a browser posts them."""
    answers = {
        "leader_name": "Amara Okafor",
        "email": "amara@example.org",
        "phone": "020 7946 0123",
        "role": "Chief executive",
        "organisation": "Riverside Wellbeing",
        "income_band": "50k-150k",
        "first_choice_coach": str(coach.pk),
        "second_choice_coach": "",
        "hopes": "To think more strategically about our growth.",
        "payment": "organisation",
        "privacy_consent": "on",
    }
    answers.update(overrides)
    return {key: value for key, value in answers.items() if value is not None}


def send_interest(page, coach, address="192.0.2.1", **answers):
    """A leader sends ``page``'s form choosing ``coach`` (``answers`` as for ``interest_answers``)
    from ``address``, and its emails go (``committed``). Returns the stored expression of interest."""
    with committed():
        outcome = receive(page, interest_answers(coach, **answers), address)
    assert outcome.submission is not None, outcome.form.errors
    return outcome.submission


@contextmanager
def committed():
    """The block as if its own transaction committed, as a real request's does: what waits for the
    commit runs as the block ends (the outbox sends its emails, the page cache learns of changes)
    and no longer waits. A test's own transaction never commits, so nothing would run otherwise."""
    start = len(connection.run_on_commit)
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    del connection.run_on_commit[start:]


def emails_to(address):
    """The emails sent so far (``mail.outbox``) to ``address``. Each must go to that address alone:
    the programme never writes to a person with others in copy."""
    sent = [message for message in mail.outbox if address in message.to]
    shared = [message.to for message in sent if message.to != [address]]
    assert not shared, f"{address} was sent an email with others: {shared}"
    return sent


def make_user(groups=(), password=None, **fields):
    """A user in the named groups; without ``password`` it cannot log in with one."""
    n = next(_numbers)
    fields = {"username": f"user{n}", "email": f"user{n}@example.org", **fields}
    user = get_user_model().objects.create_user(password=password, **fields)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def make_editor(**fields):
    """A member of the "Programme editors" group the migrations create."""
    return make_user(groups=["Programme editors"], **fields)


def make_coach_login(page, **fields):
    """A coach's account linked to ``page`` the way an accepted invitation leaves it."""
    user = make_user(**fields)
    link_account(page, user)
    return user


def make_coach_user(directory, login=None, **fields):
    """A coach who can log in: their page under ``directory`` (``fields`` as for ``make_coach``) and
    its login (``login``: fields for ``make_user``, by default with the page's contact email, as an
    invitation has it), linked as an accepted invitation leaves them. Returns the login; the page
    is its ``coach_page``."""
    page = make_coach(directory, **fields)
    return make_coach_login(page, **{"email": page.contact_email, **(login or {})})


def client_for(user, **options):
    """A browser of its own (a test ``Client`` with ``options``) logged in as ``user``; None: a
    visitor who is not logged in."""
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def make_image(title="Portrait", description="", **fields):
    """A real PNG image in the image library (renditions are really generated from it)."""
    n = next(_numbers)
    image_model = get_image_model()
    return image_model.objects.create(
        title=title,
        description=description,
        file=get_test_image_file(filename=f"portrait-{n}.png", size=(800, 800)),
        **fields,
    )
