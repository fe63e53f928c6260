"""Editors can only build the tree the programme site needs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cascading_pages.coaches.models import CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.faqs.models import FaqIndexPage, FaqPage
from cascading_pages.interest.pages import ExpressionOfInterestPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_top_of_a_site(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, CoachIndexPage, FaqIndexPage, ExpressionOfInterestPage}
        )

    def test_coaches_live_only_in_a_coach_directory_and_have_no_children(self):
        self.assertAllowedParentPageTypes(CoachPage, {CoachIndexPage})
        self.assertAllowedSubpageTypes(CoachPage, set())
        self.assertCanNotCreateAt(FaqIndexPage, CoachPage)
        self.assertCanNotCreateAt(HomePage, CoachPage)
        self.assertCanCreateAt(CoachIndexPage, CoachPage)

    def test_a_coach_directory_holds_only_coaches(self):
        self.assertAllowedParentPageTypes(CoachIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CoachIndexPage, {CoachPage})

    def test_faq_entries_live_only_in_an_faq_index(self):
        self.assertAllowedParentPageTypes(FaqPage, {FaqIndexPage})
        self.assertAllowedSubpageTypes(FaqPage, set())
        self.assertAllowedSubpageTypes(FaqIndexPage, {FaqPage})
        self.assertCanNotCreateAt(CoachIndexPage, FaqPage)

    def test_standard_pages_nest_under_the_home_page_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_the_expression_of_interest_form_sits_once_under_a_home_page(self):
        self.assertAllowedParentPageTypes(ExpressionOfInterestPage, {HomePage})
        self.assertAllowedSubpageTypes(ExpressionOfInterestPage, set())
        self.assertEqual(ExpressionOfInterestPage.max_count_per_parent, 1)
