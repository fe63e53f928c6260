"""The site a permission matrix is tried against: every page type, two coaches, an editor, and
one object of every other kind the admin manages."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Page, Site, WorkflowState

from cascading_pages.coaches.accounts import COACH_PHOTOS_COLLECTION
from cascading_pages.faqs.models import FaqCategory
from cascading_pages.interest.receive import receive
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector
from tests.factories import (
    interest_answers,
    make_coach,
    make_coach_login,
    make_directory,
    make_editor,
    make_faq,
    make_faq_index,
    make_home,
    make_interest_page,
    make_standard_page,
)

LOGIN = "login"  # 302 to the admin login page
HOME = "home"  # 302 to the dashboard with "Sorry, you do not have permission"
OK = 200
FORBIDDEN = 403
MISSING = 404
NOT_ALLOWED = 405


def build_site(cls):
    cls.root = Page.get_first_root_node()
    cls.home = make_home()
    cls.about = make_standard_page(cls.home, title="About")
    cls.directory = make_directory(cls.home)
    cls.coach_page = make_coach(cls.directory, title="Amara Okafor")
    cls.other_coach_page = make_coach(cls.directory, title="Bethan Llewellyn")
    cls.draft_coach_page = make_coach(cls.directory, title="Draft Coach", live=False)
    cls.faq_index = make_faq_index(cls.home)
    cls.faq = make_faq(cls.faq_index, category="Cost")
    cls.interest_page = make_interest_page(cls.home)
    # A leader's expression of interest naming Amara, for the submission views to act on.
    cls.submission = receive(cls.interest_page, interest_answers(cls.coach_page), "192.0.2.1").submission
    # And another leader's, naming Bethan: Amara must never reach it.
    cls.other_submission = receive(
        cls.interest_page,
        interest_answers(cls.other_coach_page, leader_name="Ben Adeyemi", email="ben@example.org"),
        "192.0.2.2",
    ).submission
    cls.coach = make_coach_login(cls.coach_page, username="amara", email="amara@example.org")
    cls.other_coach = make_coach_login(cls.other_coach_page, username="bethan", email="bethan@example.org")
    cls.editor = make_editor(username="editor", email="editor@example.org")

    # Bethan's change waits for approval, so workflow URLs have something to act on.
    cls.other_coach_page.summary = "Waiting for approval."
    revision = cls.other_coach_page.save_revision(user=cls.other_coach)
    cls.workflow_state = cls.other_coach_page.get_workflow().start(cls.other_coach_page, cls.other_coach)
    cls.task_state = cls.workflow_state.current_task_state
    cls.other_coach_revision = revision

    photos = Collection.objects.get(name=COACH_PHOTOS_COLLECTION)
    cls.coach_photo = Image.objects.create(
        title="Amara", file=get_test_image_file(), collection=photos, uploaded_by_user=cls.coach
    )
    cls.other_coach_photo = Image.objects.create(
        title="Bethan", file=get_test_image_file(), collection=photos, uploaded_by_user=cls.other_coach
    )
    cls.team_image = Image.objects.create(
        title="Team", file=get_test_image_file(), uploaded_by_user=cls.editor
    )
    cls.document = Document.objects.create(
        title="Guide", file=ContentFile(b"guide", name="guide.txt"), uploaded_by_user=cls.editor
    )
    cls.vocabulary = {
        model._meta.model_name: model.objects.get_or_create(name=name)[0]
        for model, name in (
            (Region, "London"),
            (ExpertiseArea, "Strategy"),
            (Sector, "Mental health"),
            (Community, "Women"),
            (Language, "Welsh"),
            (FaqCategory, "Cost"),
        )
    }
    cls.redirect = Redirect.objects.create(old_path="/old", redirect_link="/")
    cls.site = Site.objects.get(is_default_site=True)
    cls.group = Group.objects.get(name="Programme editors")
    cls.workflow = cls.workflow_state.workflow
    cls.task = cls.task_state.task
    assert cls.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def outcome(response):
    """What a person would see: a status code, or where a redirect takes them."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return LOGIN
        if location == reverse("wagtailadmin_home"):
            return HOME
        return f"302 {location}"
    return response.status_code


def client_for(user):
    # A server error is an answer like any other here: the matrix says which (if any) is expected.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client
