"""A visitor searches the whole site from /search/: programme pages, FAQ entries and coaches.

Each behaviour runs on every search backend (database, Elasticsearch, OpenSearch) against the scenario in
``tests/cascading_pages/search/site_scenario.py``:
five pages a visitor may see, nine they must never find, and words only a coach's private fields
or a draft hold.
"""

import re

import pytest
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cascading_pages.content.models import StandardPage
from cascading_pages.search.vocabulary import vocabulary_of
from tests.cascading_pages.search.engines import EngineTestMixin, engine_for
from tests.cascading_pages.search.site_scenario import (
    HIDDEN,
    OTHER_HOST,
    PRIVATE_TEXT,
    PRIVATE_WORDS,
    VISIBLE,
    WORD,
    build,
)
from tests.factories import add_page, make_coach, make_interest_page, make_standard_page

URL = "/search/"
ENGINE_WORDS = (
    "Traceback",
    "Exception",
    "elasticsearch",
    "opensearch",
    "OperationalError",
    "fts5",
    "query_shard",
)


class SearchPageBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(cls.engine)

    def get(self, params=None, status=200, **headers):
        response = self.client.get(URL, params or {}, headers=headers)
        self.assertEqual(response.status_code, status, params)
        html = response.content.decode()
        for word in ENGINE_WORDS:
            self.assertNotIn(word, html, params)
        return response

    def titles(self, response):
        return [result.title for result in response.context["results"].page]

    def test_a_visitor_finds_every_public_page_that_mentions_a_word_and_nothing_else(self):
        response = self.get({"query": WORD})
        self.assertEqual(sorted(self.titles(response)), sorted(VISIBLE))
        self.assertContains(response, f'<h2 id="results-heading">5 results for “{WORD}”</h2>', html=True)
        html = response.content.decode()
        for title in HIDDEN:
            self.assertNotIn(title, html)

    def test_each_result_shows_its_title_link_type_and_a_short_public_description(self):
        results = {r.title: r for r in self.get({"query": WORD}).context["results"].page}
        self.assertEqual(
            {title: (r.type, r.url) for title, r in results.items()},
            {
                "Cascading Leadership": ("Page", "/"),
                "About the programme": ("Page", "/about/"),
                "Cost and bursaries": ("Page", "/cost-and-bursaries/"),
                "Who can apply?": ("FAQ", "/faqs/who-can-apply/"),
                "Amara Okafor": ("Coach", "/coaches/amara-okafor/"),
            },
        )
        self.assertEqual(
            results["Amara Okafor"].description, "A lighthouse for mental health leaders in south London."
        )
        # The answer as text: tags gone, entities read, paragraphs apart.
        self.assertEqual(
            results["Who can apply?"].description,
            "Any chief executive of a lighthouse charity & its trustees may apply. Second paragraph.",
        )
        # The live introduction, not the draft's.
        self.assertEqual(
            results["About the programme"].description,
            "The lighthouse programme pairs leaders of small charities with volunteer coaches.",
        )

        response = self.get({"query": "Amara Okafor"})
        self.assertContains(
            response,
            '<li class="search-result"><h3 class="search-result__title"><a href="/coaches/amara-okafor/">'
            'Amara Okafor</a></h3><p class="search-result__type"><span class="visually-hidden">Type: </span>'
            'Coach</p><p class="search-result__description">A lighthouse for mental health leaders in south '
            "London.</p></li>",
            html=True,
        )

    def test_the_form_and_a_page_type_the_plugin_does_not_know_show_as_such(self):
        home = self.scenario.home
        make_interest_page(home, introduction="Tell us which lighthouse coach you would like.")
        add_page(
            home, Page(title="Host notes", slug="host-notes", search_description="Notes kept by the host.")
        )
        self.engine.refresh()
        results = {r.title: r for r in self.get({"query": "register"}).context["results"].page}
        self.assertEqual(
            (results["Register your interest"].type, results["Register your interest"].description),
            ("Form", "Tell us which lighthouse coach you would like."),
        )
        notes = self.get({"query": "Host notes"}).context["results"].page[0]
        self.assertEqual(
            (notes.title, notes.type, notes.description), ("Host notes", "Page", "Notes kept by the host.")
        )

    def test_a_long_description_is_cut_to_a_line_or_two(self):
        coach = self.scenario["Amara Okafor"]
        coach.summary = "Lighthouse " + " ".join(f"word{n}" for n in range(60))
        coach.save_revision().publish()
        self.engine.refresh()
        description = self.get({"query": "Amara"}).context["results"].page[0].description
        self.assertEqual(len(description.split()), 30)
        self.assertTrue(description.endswith("…"))

    def test_the_best_match_comes_first(self):
        self.assertEqual(self.titles(self.get({"query": "Amara Okafor"})), ["Amara Okafor"])
        # "bursaries" is the title of one page and in the body of none other; "coaches" is in the
        # about page's introduction and in the directory's title.
        self.assertEqual(self.titles(self.get({"query": "bursaries"}))[0], "Cost and bursaries")

    def test_a_coachs_private_fields_and_a_drafts_words_find_nothing_and_never_show(self):
        for where, word in PRIVATE_WORDS.items():
            with self.subTest(where=where):
                response = self.get({"query": word})
                self.assertEqual(response.context["results"].count, 0)
                self.assertContains(response, f"0 results for “{word}”")
        html = self.get({"query": "Amara"}).content.decode() + self.get({"query": WORD}).content.decode()
        for text in PRIVATE_TEXT:
            self.assertNotIn(text, html)
        self.assertNotIn("zeppelin", html)

    def test_hidden_pages_are_never_found_by_their_own_titles(self):
        for title in HIDDEN:
            with self.subTest(title=title):
                self.assertNotIn(title, self.titles(self.get({"query": title})))

    def test_a_page_unpublished_before_the_index_hears_of_it_is_not_shown(self):
        # A bulk update sends no signal: the index still says the page is live.
        Page.objects.filter(pk=self.scenario["Amara Okafor"].pk).update(live=False)
        response = self.get({"query": WORD})
        self.assertEqual(sorted(self.titles(response)), sorted(set(VISIBLE) - {"Amara Okafor"}))
        self.assertEqual(response.context["results"].count, 4)

    def test_another_site_searches_only_its_own_pages(self):
        response = self.get({"query": WORD}, host=OTHER_HOST)
        self.assertEqual(sorted(self.titles(response)), ["Elsewhere Coach", "Elsewhere page"])
        self.assertNotIn("Amara Okafor", response.content.decode())

    def test_results_come_a_page_at_a_time_and_the_links_keep_the_query(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            pages = [self.get({"query": WORD, "page": n}) for n in (1, 2, 3)]
            listed = [title for page in pages for title in self.titles(page)]
            self.assertEqual(sorted(listed), sorted(VISIBLE))
            self.assertContains(pages[0], "Page 1 of 3")
            self.assertContains(pages[0], f'href="?query={WORD}&amp;page=2" rel="next"')
            self.assertContains(pages[1], f'href="?query={WORD}&amp;page=1" rel="prev"')
            self.assertContains(pages[1], f'href="?query={WORD}&amp;page=3" rel="next"')
            self.assertNotContains(pages[2], 'rel="next"')
            self.assertContains(pages[1], "Search results for “lighthouse” (page 2)")
            # Numbered on from the page before.
            self.assertContains(pages[1], '<ol class="search-results__list" start="3">')

    def test_page_numbers_that_are_not_numbers_or_out_of_range_give_a_page(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            for page, expected in (
                ("abc", 1),
                ("", 1),
                ("2", 2),
                ("999", 3),
                ("0", 3),
                ("-1", 3),
                ("1.5", 1),
                ("9" * 30, 3),
                ("½", 1),
            ):
                with self.subTest(page=page):
                    results = self.get({"query": WORD, "page": page}).context["results"]
                    self.assertEqual(results.page.number, expected)
                    self.assertEqual(len(results.page.object_list), 1 if expected == 3 else 2)

    def test_search_engine_syntax_is_read_as_plain_words(self):
        for query in (
            'title:Amara AND organisation:"Peckham',
            "Amara~2 OR Okafor^10",
            "Amara*",
            '{"query": {"match_all": {}}}',
            "(Amara",
            "Amara -Okafor",
            '"',
            "\\",
            "' OR 1=1 --",
            "NOT",
            "Amara\u00a0Okafor",
        ):
            with self.subTest(query=query):
                self.get({"query": query})
        self.assertEqual(self.titles(self.get({"query": '"Amara" (Okafor)*'})), ["Amara Okafor"])

    def test_an_empty_search_shows_the_form_and_no_results(self):
        for params in ({}, {"query": ""}, {"query": "   "}):
            with self.subTest(params=params):
                response = self.get(params)
                self.assertEqual(response.context["results"].count, 0)
                self.assertNotContains(response, "results-heading")
                self.assertNotContains(response, "no words to search for")
                self.assertContains(response, '<label for="id_query">Search this site</label>', html=True)

    def test_a_search_with_no_words_says_so(self):
        response = self.get({"query": "*** ?!"})
        self.assertContains(response, "There are no words to search for in “*** ?!”")
        self.assertNotContains(response, "results-heading")

    def test_a_search_of_ten_thousand_characters_is_refused_with_a_reason(self):
        response = self.get({"query": "leadership " * 910}, status=400)
        message = "Search for at most 200 characters: a name, a topic or a question."
        self.assertContains(response, f'<a href="#id_query">{message}</a>', html=True, status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertContains(response, "<title>Error: Search | Cascading Leadership</title>", status_code=400)
        self.assertNotContains(response, "results-heading", status_code=400)

    def test_a_null_character_is_refused(self):
        response = self.get({"query": "Amara\x00"}, status=400)
        self.assertContains(response, "Null characters are not allowed.", status_code=400)

    def test_repeated_queries_use_the_last(self):
        self.assertEqual(self.titles(self.get({"query": ["nobody", "Amara"]})), ["Amara Okafor"])

    def test_a_search_matching_more_pages_than_considered_says_so(self):
        with self.settings(CASCADING_DIRECTORY_MAX_MATCHES=2):
            response = self.get({"query": WORD})
        self.assertEqual(response.context["results"].count, 2)
        self.assertContains(response, "Your search matches more than 2 pages")
        self.assertNotContains(self.get({"query": WORD}), "Your search matches more than")

    def test_a_misspelt_search_that_finds_nothing_shows_the_corrections_results(self):
        response = self.get({"query": "trustes"})
        results = response.context["results"]
        self.assertEqual(self.titles(response), ["Who can apply?"])
        self.assertEqual((results.query, results.corrected_from), ("trustees", "trustes"))
        self.assertContains(
            response,
            '<p class="search-spelling">Showing results for <em>trustees</em>. Search instead for '
            '<a href="/search/?query=trustes&amp;exact=1"><em>trustes</em></a>?</p>',
            html=True,
        )
        self.assertContains(response, "1 result for “trustees”")
        self.assertContains(response, 'value="trustees"')  # Searching again searches these results' words.

        exact = self.get({"query": "trustes", "exact": "1"})
        self.assertEqual(exact.context["results"].count, 0)
        self.assertContains(exact, "0 results for “trustes”")
        self.assertNotContains(exact, "search-spelling")

    def test_a_word_of_a_programme_page_is_corrected_from_the_sites_words_not_only_coaches(self):
        # "bursaries" is in a programme page's title and body, and in no coach's profile. (An
        # engine's own fuzzy matching finds it as typed; the database backend needs the correction.)
        response = self.get({"query": "bursaires"})
        if not self.engine.keeps_documents:
            self.assertEqual(response.context["results"].query, "bursaries")
        self.assertEqual(self.titles(response), ["Cost and bursaries"])
        # A body's words are its blocks' text, not the block names and ids it is stored as.
        words = vocabulary_of(StandardPage.objects.filter(pk=self.scenario["Cost and bursaries"].pk)).counts
        self.assertIn("smallest", words)
        self.assertNotIn("type", words)
        self.assertNotIn("value", words)

    def test_the_next_page_of_a_corrected_search_is_the_corrections_next_page(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            second = self.get({"query": "lighthuose", "page": "2"})
        results = second.context["results"]
        if results.corrected_from:  # On the database backend; an engine finds the words itself.
            self.assertEqual(results.query, "lighthouse")
        self.assertEqual((results.page.number, results.count), (2, 5))

    def test_a_misspelling_that_finds_some_is_offered_its_correction_when_that_finds_clearly_more(self):
        home = self.scenario.home
        for n, introduction in enumerate(
            [
                "Trustee governance for boards.",
                "Good governance matters.",
                "Governing documents.",
                "Boards govern.",
            ]
        ):
            make_standard_page(home, title=f"Board page {n}", slug=f"board-{n}", introduction=introduction)
        self.engine.refresh()
        response = self.get({"query": "goverance"})
        results = response.context["results"]
        if self.engine.keeps_documents:
            # The engine forgives the misspelling and finds the two pages saying "governance"; the
            # correction would also find "governing" and "govern".
            self.assertEqual(sorted(self.titles(response)), ["Board page 0", "Board page 1"])
            self.assertEqual((results.query, results.correction), ("goverance", "governance"))
            self.assertContains(
                response,
                '<p class="search-spelling">Did you mean <a href="/search/?query=governance">'
                "<em>governance</em></a>?</p>",
                html=True,
            )
            # The correction would find the same one page: nothing to offer.
            response = self.get({"query": "trustee goverance"})
            self.assertEqual(self.titles(response), ["Board page 0"])
            self.assertNotContains(response, "search-spelling")
        else:
            self.assertEqual(results.corrected_from, "goverance")
            self.assertEqual(len(self.titles(response)), 4)
        self.assertEqual(self.get({"query": "governance"}).context["results"].count, 4)

    def test_a_correction_never_offers_a_word_a_visitor_may_not_read(self):
        # Words only in a coach's private fields, a draft, a private page or another site.
        for typed in ("quilfeather", "zanzibr", "zepelin", "minutse", "elswhere"):
            with self.subTest(typed=typed):
                response = self.get({"query": typed})
                results = response.context["results"]
                self.assertEqual((results.count, results.correction), (0, ""))
                self.assertNotContains(response, "search-spelling")

    def test_a_pages_words_are_offered_once_it_is_published_and_no_longer_once_unpublished(self):
        self.assertEqual(self.get({"query": "lantren"}).context["results"].correction, "")
        page = make_standard_page(
            self.scenario.home, title="Lantern walks", introduction="Evening lantern walks."
        )
        self.engine.refresh()
        response = self.get({"query": "lantren"})
        self.assertEqual(self.titles(response), ["Lantern walks"])
        if not self.engine.keeps_documents:  # An engine forgives the swapped letters itself.
            self.assertEqual(response.context["results"].corrected_from, "lantren")
        page.unpublish()
        self.engine.refresh()
        response = self.get({"query": "lantren"})
        self.assertEqual((response.context["results"].count, response.context["results"].correction), (0, ""))
        self.assertNotContains(response, "lantern")

    def test_a_correction_escapes_what_was_typed(self):
        typed = "trustes \"'><&"
        response = self.get({"query": typed})
        self.assertEqual(response.context["results"].corrected_from, "trustes")
        self.assertNotIn(typed[8:], response.content.decode())
        html = self.get({"query": typed, "exact": "1"}).content.decode()
        self.assertNotIn(typed[8:], html)
        self.assertIn('value="trustes &quot;&#x27;&gt;&lt;&amp;"', html)
        for typed in ('<script>alert("trustes")</script>', "<b onmouseover=alert(1)>trustes</b>"):
            with self.subTest(typed=typed):
                html = self.get({"query": typed}).content.decode()
                self.assertNotIn("<script>alert", html)
                self.assertNotIn("<b onmouseover", html)

    def test_the_page_and_the_api_give_the_same_results(self):
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            for params in (
                {"query": WORD},
                {"query": WORD, "page": "2"},
                {"query": "Amara Okafor"},
                {"query": "nobody at all"},
                {"query": ""},
                {"query": "trustes"},
                {"query": "trustes", "exact": "1"},
            ):
                with self.subTest(params=params):
                    html = self.get(params).context["results"]
                    data = self.client.get("/api/v1/search/", params).json()
                    self.assertEqual(
                        (data["count"], data["page"], data["query"]),
                        (html.count, html.page.number, html.query),
                    )
                    self.assertEqual(
                        (data["corrected_query"], data["correction_applied"]),
                        (html.correction or None, bool(html.corrected_from)),
                    )
                    self.assertEqual(
                        [(i["id"], i["title"], i["type"], i["url"], i["description"]) for i in data["items"]],
                        [(r.page.pk, r.title, r.type, r.url, r.description) for r in html.page],
                    )

    def test_a_page_of_results_costs_the_same_queries_for_one_result_or_many(self):
        directory = self.scenario["Amara Okafor"].get_parent()
        for n in range(3):
            make_coach(directory, title=f"Keeper {n}", summary="A seasoned lantern keeper.")
        self.engine.refresh()

        def queries(page_size):
            with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=page_size):
                with CaptureQueriesContext(connection) as captured:
                    self.assertEqual(
                        len(self.get({"query": "lantern keeper"}).context["results"].page), page_size
                    )
            return [query["sql"] for query in captured]

        queries(3)  # The first request fills the shared cache (Wagtail's site root paths).
        one, three = queries(1), queries(3)
        self.assertEqual(len(one), len(three), "\n".join(three))


class DatabaseSearchPageTests(SearchPageBehaviour, TestCase):
    engine_name = "database"


class ElasticsearchSearchPageTests(SearchPageBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchSearchPageTests(SearchPageBehaviour, TestCase):
    engine_name = "opensearch"


class SearchPageLayoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(engine_for("database"))

    def test_the_page_uses_the_sites_layout_with_a_labelled_search_form(self):
        html = self.client.get(URL, {"query": WORD}).content.decode()
        self.assertIn('<a class="skip-link" href="#main-content">', html)
        self.assertIn('<footer class="site-footer"', html)
        form = re.search(r"<form [^>]*>", html).group(0)
        self.assertIn('role="search"', form)
        self.assertIn('aria-label="Site search"', form)
        self.assertIn('action="/search/"', form)
        self.assertIn(f'value="{WORD}"', html)
        self.assertIn("<title>Search results for “lighthouse” | Cascading Leadership</title>", html)

    def test_every_page_links_to_the_search_in_its_header(self):
        home = self.client.get("/").content.decode()
        self.assertIn('<li><a href="/search/">Search</a></li>', home)
        page = self.client.get(URL).content.decode()
        self.assertIn('<li><a href="/search/" aria-current="page">Search</a></li>', page)

    @override_settings(ROOT_URLCONF="tests.search.plugin_only_urls")
    def test_a_host_without_a_search_page_gets_no_search_link(self):
        home = self.client.get("/")
        self.assertEqual(home.status_code, 200)
        self.assertNotContains(home, "Search</a>")
        self.assertNotContains(home, "/search/")
