"""A site upgraded from the form page's follow-up fields keeps every value its editors chose.

The database goes back to 0006 (today's main), gets a site built with the models of that time,
then migrates forward. Migrations need committed transactions: the test is transactional, and
``serialized_rollback`` brings back what the migrations made (Wagtail's root page, the groups) for
the next test. Whatever happens, the database is left at the latest migration.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page, Site

from cascading_pages.programme.models import ProgrammeSettings

BEFORE = [("cascading_pages", "0006_standard_page_introduction_help")]

# What the editors of the north site had set on its form page: not one value is the default.
ON_THE_FORM_PAGE = {
    "days_to_answer": 21,
    "remind_after_days": 12,
    "profile_check_days": 90,
    "profile_lapse_days": 14,
    "one_open_per_leader": False,
    "to_address": "team@north.example.org, lead@north.example.org",
    "from_address": "hello@north.example.org",
    "subject": "A leader would like a coach",
}
AS_SETTINGS = {
    "days_to_answer": 21,
    "remind_after_days": 12,
    "profile_check_days": 90,
    "profile_lapse_days": 14,
    "one_open_per_leader": False,
    "inbox": "team@north.example.org, lead@north.example.org",
    "from_address": "hello@north.example.org",
    "inbox_subject": "A leader would like a coach",
}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    Site.clear_site_root_paths_cache()  # sites made with historical models send Wagtail no signal


@pytest.fixture
def before_programme_settings():
    """The database at 0006, with the models of that time; at the latest migration afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        migrate_to_latest()


class OldTree:
    """Pages made the way treebeard lays them out, with the historical models (no ``add_child``)."""

    def __init__(self, apps):
        self.apps = apps
        self.Page = apps.get_model("wagtailcore", "Page")
        self.locale = apps.get_model("wagtailcore", "Locale").objects.first()
        self.root = self.Page.objects.get(depth=1)

    def add(self, parent, model_name, title, slug, **fields):
        ContentType = self.apps.get_model("contenttypes", "ContentType")
        model = self.apps.get_model("cascading_pages", model_name)
        # Wagtail's FormMixin.__init__ reads a template, which the historical form page does not carry.
        model.landing_page_template = "unused.html"
        content_type, _ = ContentType.objects.get_or_create(
            app_label="cascading_pages", model=model_name.lower()
        )
        siblings = self.Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        step = int(last[-4:], 36) + 1 if last else 1
        page = model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            path=parent.path + self.step(step),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            content_type=content_type,
            locale=self.locale,
            live=True,
            **fields,
        )
        self.Page.objects.filter(pk=parent.pk).update(numchild=siblings.count())
        return page

    @staticmethod
    def step(number):
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        digits = ""
        for _ in range(4):
            number, digit = divmod(number, 36)
            digits = alphabet[digit] + digits
        return digits

    def site(self, hostname, form_page=None):
        """A site whose home page has ``form_page`` (its field values) as a child, or no form page."""
        home = self.add(self.root, "HomePage", f"Home of {hostname}", hostname.split(".")[0])
        self.apps.get_model("wagtailcore", "Site").objects.create(
            hostname=hostname, port=80, root_page=home, site_name=hostname
        )
        form = None
        if form_page is not None:
            form = self.add(
                home, "ExpressionOfInterestPage", "Register your interest", "register", **form_page
            )
        return home, form


def test_each_site_keeps_its_form_pages_settings_and_a_site_without_one_gets_the_defaults(
    before_programme_settings, client
):
    tree = OldTree(before_programme_settings)
    _, north_form = tree.site("north.example.org", form_page=ON_THE_FORM_PAGE)
    tree.site("south.example.org")

    migrate_to_latest()

    north = ProgrammeSettings.objects.get(site__hostname="north.example.org")
    for name, value in AS_SETTINGS.items():
        assert value != ProgrammeSettings._meta.get_field(name).get_default(), (
            f"{name}: a default proves nothing"
        )
        assert getattr(north, name) == value, name

    south = ProgrammeSettings.objects.get(site__hostname="south.example.org")
    defaults = ProgrammeSettings()
    for name in AS_SETTINGS:
        assert getattr(south, name) == getattr(defaults, name), name
    assert south.inbox == ""

    # The upgraded site works: its form page serves, and the programme reads the copied settings.
    page = Page.objects.get(pk=north_form.pk).specific
    assert ProgrammeSettings.for_page(page).inbox_addresses == [
        "team@north.example.org",
        "lead@north.example.org",
    ]
    response = client.get("/register/", HTTP_HOST="north.example.org")
    assert response.status_code == 200
    assert "Register your interest" in response.content.decode()
