"""`make run` loads the programme's demo content, and loading it again changes nothing."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from wagtail.images.models import Image
from wagtail.models import Page, PageLogEntry, Revision, Site

from cascading_pages.coaches.models import CoachPage
from cascading_pages.content.models import HomePage
from cascading_pages.faqs.models import FaqPage
from cascading_pages.interest.pages import ExpressionOfInterestPage
from cascading_pages.programme.models import ProgrammeSettings
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "cascading-leadership-programme.txt"


def snapshot():
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "path", "title", "live", "latest_revision_id")
        ),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "images": Image.objects.count(),
        "vocabularies": [m.objects.count() for m in (Region, ExpertiseArea, Sector, Community, Language)],
        "programme settings": list(ProgrammeSettings.objects.order_by("pk").values()),
    }


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first_output = StringIO()
        call_command("load_demo_content", stdout=cls.first_output)

    def test_it_builds_the_programme_site(self):
        home = Site.objects.get(is_default_site=True).root_page.specific
        self.assertIsInstance(home, HomePage)
        self.assertGreaterEqual(CoachPage.objects.live().count(), 24)
        self.assertEqual(FaqPage.objects.live().count(), 6)
        self.assertEqual(Region.objects.count(), 12)
        self.assertTrue(Region.objects.filter(name="Northern Ireland").exists())
        for page in Page.objects.live().exclude(depth=1).specific():
            with self.subTest(page=page.title):
                self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_coaches_are_varied_and_have_portraits_with_alt_text(self):
        coaches = CoachPage.objects.live().select_related("photo", "availability_state")
        self.assertEqual({c.declared_availability for c in coaches}, {"available", "limited", "full"})
        self.assertGreaterEqual(Region.objects.filter(coaches__isnull=False).distinct().count(), 10)
        for coach in coaches:
            self.assertIsNotNone(coach.photo)
            self.assertIn(coach.title, coach.photo_alt_text)

    def test_running_it_again_changes_nothing(self):
        before = snapshot()
        output = StringIO()
        call_command("load_demo_content", stdout=output)
        self.assertEqual(snapshot(), before)
        self.assertIn("nothing changed", output.getvalue())

    def test_it_leaves_the_programme_inbox_an_editor_chose(self):
        site = Site.objects.get(is_default_site=True)
        ProgrammeSettings.objects.filter(site=site).update(inbox="team@example.org", days_to_answer=14)
        call_command("load_demo_content", stdout=StringIO())
        settings = ProgrammeSettings.objects.get(site=site)
        self.assertEqual((settings.inbox, settings.days_to_answer), ("team@example.org", 14))

    def test_pages_show_the_programme_text_from_the_seed(self):
        expected = [
            ("/", "has worked with more than 200 voluntary and community sector (VCS) leaders since 2016"),
            ("/", "around five one-to-one sessions over a period of five to eight months"),
            ("/cost-and-bursaries/", "The cost of the coaching programme is £800."),
            ("/cost-and-bursaries/", "annual turnover of less than £150,000"),
            ("/faqs/", "an annual income of less than £500,000"),
            ("/faqs/", "It is not involved in directly matching leaders with a coach"),
            ("/about/", "They have all been trained by The King’s Fund"),
        ]
        seed = SEED.read_text(encoding="utf-8") if SEED.exists() else None
        for path, sentence in expected:
            with self.subTest(path=path, sentence=sentence):
                if seed is not None:
                    self.assertIn(sentence, seed, "the expected sentence is the seed's own wording")
                self.assertContains(self.client.get(path), sentence)

    def test_it_adds_the_expression_of_interest_form_linked_from_coaches_and_to_the_privacy_notice(self):
        form_page = ExpressionOfInterestPage.objects.live().get()
        self.assertEqual(form_page.privacy_notice.slug, "privacy-notice")
        self.assertEqual(
            ProgrammeSettings.for_page(form_page).inbox, "programme@cascading-leadership.invalid"
        )
        self.assertEqual(form_page.form_fields.count(), 1)
        response = self.client.get(form_page.url)
        self.assertContains(response, 'href="/privacy-notice/"')
        self.assertContains(response, "How did you hear about Cascading Leadership?")
        coach = CoachPage.objects.live().accepting_new_leaders().first()
        self.assertContains(self.client.get(coach.url), f'href="{form_page.url}?coach={coach.pk}"')
