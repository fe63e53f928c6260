"""The directory page as a leader meets it: a plain form that works without JavaScript, links
that keep their choices, and a page that a screen reader can follow."""

import re
from html import unescape

from django.db import connection
from django.http import QueryDict
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.factories import make_coach, make_directory, make_home

JSON_URL = "/api/v1/coaches/"


class DirectoryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        for i in range(14):
            make_coach(
                cls.directory,
                title=f"Coach {chr(65 + i)} Person",
                regions=["London" if i % 2 else "Wales"],
                expertise=["Fundraising"] if i % 3 else ["Governance"],
                availability="full" if i == 0 else "available",
            )

    def get(self, **params):
        response = self.client.get(self.directory.url, params)
        self.assertEqual(response.status_code, 200)
        return response, response.content.decode()

    def test_the_filters_are_a_plain_get_form_with_labelled_checkboxes_and_counts(self):
        _, html = self.get()
        form = re.search(r"<form[^>]*>", html).group(0)
        self.assertIn('method="get"', form)
        self.assertInHTML("<legend>Region</legend>", html)
        self.assertInHTML("<legend>Area of expertise</legend>", html)
        self.assertIn('<input type="checkbox" name="region" value="london" id="region-london">', html)
        self.assertInHTML(
            '<label for="region-london">London <span class="facet__count">'
            '(7<span class="visually-hidden"> coaches</span>)</span></label>',
            html,
        )
        self.assertInHTML('<label for="id_q">Search by name, organisation or topic</label>', html)
        self.assertInHTML('<button type="submit" class="button">Show coaches</button>', html)

    def test_the_filters_sit_behind_a_filter_disclosure_and_a_search_lands_on_the_results(self):
        _, html = self.get()
        form = re.search(r"<form[^>]*>", html).group(0)
        self.assertIn(f'action="{self.directory.url}#results"', form)
        self.assertRegex(
            html, r'<details class="filter-disclosure" id="filters">\s*<summary[^>]*>Filter</summary>'
        )
        self.assertLess(html.index('id="filters"'), html.index('id="region-london"'))
        self.assertLess(html.index('id="region-london"'), html.index("</details>"))
        self.assertInHTML(
            '<h2 id="results" class="directory-results__heading" tabindex="-1">Coaches</h2>', html
        )

    def test_a_closed_filter_disclosure_says_how_many_options_are_chosen(self):
        _, html = self.get(region=["london", "wales"], accepting="1")
        self.assertInHTML(
            '<summary class="filter-disclosure__summary">Filter '
            '<span class="filter-disclosure__chosen">(3 chosen)</span></summary>',
            html,
        )

    def test_a_filter_error_opens_the_disclosure_so_the_error_shows(self):
        response = self.client.get(self.directory.url, {"region": "atlantis"})
        html = response.content.decode()
        self.assertRegex(html, r'<details class="filter-disclosure" id="filters" open>')

    def test_the_result_count_is_announced(self):
        _, html = self.get(region="london")
        self.assertRegex(html, r'<p class="result-count" role="status" aria-live="polite">\s*7 coaches')

    def test_each_choice_can_be_removed_on_its_own_and_all_at_once(self):
        response, html = self.get(region=["london", "wales"], expertise="fundraising", page="2")
        labels = [a.label for a in response.context["results"].active_filters]
        self.assertEqual(labels, ["Region: London", "Region: Wales", "Area of expertise: Fundraising"])
        self.assertIn(f'href="{self.directory.url}?region=wales&amp;expertise=fundraising"', html)
        self.assertIn(f'href="{self.directory.url}?region=london&amp;region=wales"', html)
        self.assertInHTML(f'<a href="{self.directory.url}">Clear all</a>', html)

    def test_pages_of_twelve_with_links_that_keep_the_choices(self):
        response, html = self.get(region=["london", "wales"], sort="name")
        self.assertEqual(len(response.context["results"].page.object_list), 12)
        self.assertIn('href="?region=london&amp;region=wales&amp;sort=name&amp;page=2"', html)
        response, _ = self.get(region=["london", "wales"], sort="name", page="2")
        self.assertEqual(
            [c.title for c in response.context["results"].page], ["Coach M Person", "Coach N Person"]
        )

    def test_no_inline_script_and_the_enhancement_is_a_static_file(self):
        _, html = self.get()
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
        self.assertTrue(scripts)
        self.assertTrue(all(body.strip() == "" for body in scripts))
        self.assertIn("cascading_pages/js/directory.js", html)

    def test_the_search_box_suggests_names_from_the_address_the_form_gives_its_script(self):
        _, html = self.get()
        address = unescape(re.search(r'<form[^>]*data-suggest-url="([^"]+)"', html).group(1))
        path, query = address.split("?")
        self.assertEqual(QueryDict(query).dict(), {"directory": str(self.directory.pk)})
        # The script adds what the leader typed as ``q``.
        response = self.client.get(path, {"directory": self.directory.pk, "q": "coach b pers"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([s["name"] for s in response.json()["suggestions"]], ["Coach B Person"])

    def test_headings_go_in_order(self):
        _, html = self.get()
        levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
        self.assertEqual(levels[0], 1)
        self.assertTrue(all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels)

    def test_sql_queries_do_not_grow_with_the_page_size(self):
        search = {"region": "london", "expertise": "fundraising", "q": "Person"}
        endpoints = {
            "page": (self.directory.url, search),
            "json": (JSON_URL, {**search, "directory": self.directory.pk}),
        }
        # The directory's words (for other word forms and corrections) are read once per change.
        self.client.get(self.directory.url, search)
        counts = {}
        for page_size in (2, 12):
            with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=page_size):
                for name, (url, params) in endpoints.items():
                    with CaptureQueriesContext(connection) as queries:
                        self.assertEqual(self.client.get(url, params).status_code, 200)
                    counts[page_size, name] = len(queries)
        self.assertEqual(counts[2, "page"], counts[12, "page"])
        self.assertEqual(counts[2, "json"], counts[12, "json"])

    def test_the_json_endpoint_makes_a_fixed_number_of_queries(self):
        directory = {"directory": self.directory.pk}
        # The directory's snapshot and its words are built once, then filters, counts and other
        # word forms come from them.
        self.client.get(JSON_URL, {**directory, "q": "Person"})
        # The site, the directory (and its view restrictions), the coaches' view restrictions, the
        # 2 filter values, the text search, the coaches editors promoted for the words and the page
        # of coaches. The counts, the facets' options, the matching ids, how many more matches to
        # ask the backend for (live coaches not visible here) and the listed coaches' regions and
        # areas of expertise (to show where the words matched) come from the snapshot. Wagtail's
        # site root paths come from the shared cache: one read of its table.
        with self.assertNumQueries(10):
            response = self.client.get(
                JSON_URL, {**directory, "region": "london", "expertise": "fundraising", "q": "Person"}
            )
        self.assertEqual(response.json()["count"], 5)
