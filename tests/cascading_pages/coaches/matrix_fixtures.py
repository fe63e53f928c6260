"""The site a permission matrix is tried against: every page type, two coaches, the programme team,
Wagtail's own Editors and Moderators, a superuser, and one object of every other kind the admin
manages. Some pages are there to be kept from the coaches: another coach's change waiting for
approval, a draft, an unpublished page and a private one; ``SECRETS`` says what of each a coach
must never be shown."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    Page,
    PageViewRestriction,
    Revision,
    Site,
    TaskState,
    WorkflowState,
)

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
    make_user,
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
    cls.draft_coach_page = make_coach(
        cls.directory, title="Dana Draftwell", slug="dana-draftwell", live=False
    )
    # Published once, then taken down.
    cls.unpublished_page = make_standard_page(
        cls.home, title="Withdrawn bursary notice", slug="withdrawn-notice"
    )
    cls.unpublished_page.unpublish()
    # Live, behind a password.
    cls.private_page = make_standard_page(cls.home, title="Team handbook", slug="team-handbook")
    PageViewRestriction.objects.create(page=cls.private_page, restriction_type="password", password="team")
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
    # Wagtail's own groups, made by its migrations: any page, no programme permissions.
    cls.wagtail_editor = make_user(groups=["Editors"], username="wagtail-editor")
    cls.wagtail_moderator = make_user(groups=["Moderators"], username="wagtail-moderator")
    cls.superuser = get_user_model().objects.create_superuser("admin", "admin@example.org", None)

    # Bethan's change (a new name, a new summary) waits for approval, so workflow URLs have
    # something to act on.
    cls.other_coach_page.title = "Bethan Llewellyn-Price"
    cls.other_coach_page.summary = "Waiting for approval."
    revision = cls.other_coach_page.save_revision(user=cls.other_coach)
    cls.workflow_state = cls.other_coach_page.get_workflow().start(cls.other_coach_page, cls.other_coach)
    cls.task_state = cls.workflow_state.current_task_state
    cls.other_coach_revision = revision
    cls.other_coach_page.refresh_from_db()  # as stored: her live name, and her draft waiting

    photos = Collection.objects.get(name=COACH_PHOTOS_COLLECTION)
    cls.coach_photo = Image.objects.create(
        title="Amara", file=get_test_image_file(), collection=photos, uploaded_by_user=cls.coach
    )
    cls.other_coach_photo = Image.objects.create(
        title="Bethan", file=get_test_image_file(), collection=photos, uploaded_by_user=cls.other_coach
    )
    cls.team_image = Image.objects.create(
        title="Team away day", file=get_test_image_file(filename="away-day.png"), uploaded_by_user=cls.editor
    )
    # The draft uses Amara's photo and links to her profile: what her photo's and her profile's
    # usage must not name.
    cls.draft_coach_page.photo = cls.coach_photo
    cls.draft_coach_page.biography = (
        f'<p>Trained with <a linktype="page" id="{cls.coach_page.pk}">Amara</a>.</p>'
    )
    cls.draft_coach_page.save_revision()
    cls.draft_coach_page.save()
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
    cls.search_query = Query.get("governance")
    cls.site = Site.objects.get(is_default_site=True)
    cls.group = Group.objects.get(name="Programme editors")
    cls.workflow = cls.workflow_state.workflow
    cls.task = cls.task_state.task
    assert cls.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


# What a coach must never be shown of the pages and images that are not theirs to see: another
# coach's change waiting for approval (her live name and profile are public), a draft's, an
# unpublished page's and a private page's title and address, and the team's image.
SECRETS = {
    "other_coach_page": ("Bethan Llewellyn-Price", "Waiting for approval."),
    "draft_coach_page": ("Dana Draftwell", "dana-draftwell"),
    "unpublished_page": ("Withdrawn bursary notice", "withdrawn-notice"),
    "private_page": ("Team handbook", "team-handbook"),
    "team image": ("Team away day", "away-day"),
}


def world():
    """Everything a request could change of the pages, images and moderation, to compare."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk",
                "title",
                "draft_title",
                "slug",
                "live",
                "has_unpublished_changes",
                "latest_revision_id",
                "locked",
                "path",
                "url_path",
            )
        ),
        "revisions": Revision.objects.count(),
        "restrictions": list(
            PageViewRestriction.objects.order_by("pk").values_list("page_id", "restriction_type")
        ),
        "images": list(Image.objects.order_by("pk").values_list("pk", "title", "collection_id", "file")),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


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
