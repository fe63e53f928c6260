"""A leader searching from the directory page's own form gets the best matches first.

The sort box is part of the form, and shows "Name (A to Z)" before any words are typed: the
form must not carry that alphabetical order into a search (the issue "Search that finds what
leaders mean"). Each test submits the rendered form as a browser would.
"""

import re

import pytest
from django.test import TestCase

from tests.cascading_pages.coaches.browser_form import submit_form
from tests.cascading_pages.search.engines import EngineTestMixin
from tests.factories import make_coach, make_directory, make_home


def names(html):
    return re.findall(r'<h3 class="coach-card__name"><a href="[^"]*">([^<]*)</a>', html)


class SearchingFromThePageTests(EngineTestMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        # Alphabetically Aled comes first; for "trustee" Zainab is by far the better match.
        # Zainab was published first, so "Recently updated" lists her last too.
        make_coach(
            cls.directory,
            title="Zainab Hussain",
            summary="Trustee recruitment, trustee induction and trustee board reviews.",
        )
        make_coach(cls.directory, title="Aled Morgan", summary="Youth work, and once a trustee.")
        make_coach(cls.directory, title="Morwenna Penrose", summary="Community energy schemes.")
        cls.engine.refresh()

    def open_page(self, **params):
        response = self.client.get(self.directory.url, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_page_first_shows_coaches_by_name(self):
        html = self.open_page()
        self.assertEqual(names(html), ["Aled Morgan", "Morwenna Penrose", "Zainab Hussain"])
        self.assertInHTML('<option value="name" selected>Name (A to Z)</option>', html)

    def test_words_typed_into_the_page_come_back_best_match_first(self):
        response = submit_form(
            self.client, self.directory.url, self.open_page(), "directory-filters", q="trustee"
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(names(html), ["Zainab Hussain", "Aled Morgan"])
        self.assertInHTML('<option value="relevance" selected>Best match</option>', html)

    def test_a_sort_chosen_before_searching_gives_way_to_best_match(self):
        # The leader picked "Recently updated" with no words, then searched.
        html = submit_form(
            self.client, self.directory.url, self.open_page(), "directory-filters", sort="updated"
        )
        self.assertInHTML('<option value="updated" selected>Recently updated</option>', html.content.decode())
        response = submit_form(
            self.client, self.directory.url, html.content.decode(), "directory-filters", q="trustee"
        )
        self.assertEqual(names(response.content.decode()), ["Zainab Hussain", "Aled Morgan"])

    def test_a_sort_chosen_after_searching_is_kept_through_the_pages(self):
        searched = submit_form(
            self.client, self.directory.url, self.open_page(), "directory-filters", q="trustee"
        )
        response = submit_form(
            self.client, self.directory.url, searched.content.decode(), "directory-filters", sort="name"
        )
        html = response.content.decode()
        self.assertEqual(names(html), ["Aled Morgan", "Zainab Hussain"])
        self.assertInHTML('<option value="name" selected>Name (A to Z)</option>', html)

    def test_new_words_after_choosing_a_sort_are_ranked_again(self):
        searched = submit_form(
            self.client, self.directory.url, self.open_page(), "directory-filters", q="energy"
        )
        by_name = submit_form(
            self.client, self.directory.url, searched.content.decode(), "directory-filters", sort="name"
        )
        response = submit_form(
            self.client, self.directory.url, by_name.content.decode(), "directory-filters", q="trustee"
        )
        self.assertEqual(names(response.content.decode()), ["Zainab Hussain", "Aled Morgan"])

    def test_a_link_asking_for_a_sort_gets_it(self):
        html = self.open_page(q="trustee", sort="name")
        self.assertEqual(names(html), ["Aled Morgan", "Zainab Hussain"])

    def test_a_mangled_marker_is_no_error(self):
        response = self.client.get(
            self.directory.url, {"q": "trustee", "sort": "name", "sorted_for": "\x00<b>"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(names(response.content.decode()), ["Zainab Hussain", "Aled Morgan"])


@pytest.mark.elasticsearch
class SearchingFromThePageOnElasticsearchTests(SearchingFromThePageTests):
    engine_name = "elasticsearch"
