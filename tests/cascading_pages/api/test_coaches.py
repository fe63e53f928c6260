"""A front end's leader finds a coach through the API: the directory's answers, as JSON.

The list and the name suggestions run on every search backend against the directory scenario the
HTML page is tested with (tests/cascading_pages/coaches/scenario.py): five coaches a visitor may
see, four they must never see.
"""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from cascading_pages.coaches import availability
from tests.cascading_pages.api.builders import SECRETS, build_programme_site
from tests.cascading_pages.coaches.scenario import HIDDEN, VISIBLE, build
from tests.cascading_pages.search.engines import EngineTestMixin

API = "/api/v1/coaches/"
SUGGEST = f"{API}suggest/"
ENGINE_WORDS = (
    "Traceback",
    "Exception",
    "elasticsearch",
    "opensearch",
    "OperationalError",
    "fts5",
    "query_shard",
)


def names(data):
    return [coach["name"] for coach in data["items"]]


def facet(data, name):
    return next(f for f in data["facets"] if f["name"] == name)


def counts(data, name):
    return {option["label"]: option["count"] for option in facet(data, name)["options"]}


def selected(data, name):
    return [option["value"] for option in facet(data, name)["options"] if option["selected"]]


class CoachListBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(cls.engine)

    def get_json(self, params=None, status=200):
        response = self.client.get(API, params or {})
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def test_a_leader_searches_narrows_and_pages_through_the_directory(self):
        # Without a search: every coach a visitor may see, by name, from the site's directory.
        everyone = self.get_json()
        self.assertEqual(everyone["directory"]["id"], self.scenario.directory.pk)
        self.assertEqual((everyone["count"], everyone["sort"], everyone["query"]), (5, "name", ""))
        self.assertEqual(names(everyone), VISIBLE)
        self.assertEqual(counts(everyone, "region")["London"], 2)

        # Words: the coaches they describe, best first, and facets counted within them.
        fundraising = self.get_json({"q": "fundraising"})
        self.assertEqual(sorted(names(fundraising)), ["Amara Okafor", "Bethan Llewellyn", "Eilidh Fraser"])
        self.assertEqual((fundraising["sort"], fundraising["query"]), ("relevance", "fundraising"))
        self.assertEqual(counts(fundraising, "region"), {
            "London": 1, "North West": 0, "Scotland": 1, "South East": 0, "Wales": 1,
        })  # fmt: skip

        # A region and "accepting new leaders": choices within a facet widen, across facets narrow.
        narrowed = self.get_json({"q": "fundraising", "region": ["london", "wales"], "accepting": "1"})
        self.assertEqual(sorted(names(narrowed)), ["Amara Okafor", "Bethan Llewellyn"])
        self.assertEqual(selected(narrowed, "region"), ["london", "wales"])
        self.assertEqual(selected(narrowed, "accepting"), ["1"])
        # The region facet ignores its own choice, so the leader can still widen it.
        self.assertEqual(counts(narrowed, "region")["Scotland"], 0)  # Eilidh is full
        self.assertEqual(counts(narrowed, "accepting"), {"Accepting new leaders only": 2})

        # Nothing left: the answer says which choice to drop, as the HTML page does.
        nobody = self.get_json({"q": "fundraising", "region": "north-west"})
        self.assertEqual(nobody["count"], 0)
        self.assertEqual(
            {s["label"]: s["count"] for s in nobody["suggestions"]}, {"your search words": 1, "region": 3}
        )
        self.assertIn({"label": "region", "count": 3, "query": "?q=fundraising"}, nobody["suggestions"])

        # Two at a time, by most recently updated.
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            pages = [self.get_json({"sort": "updated", "page": n}) for n in (1, 2, 3)]
        self.assertEqual([p["page"] for p in pages], [1, 2, 3])
        self.assertEqual({p["num_pages"] for p in pages}, {3})
        listed = [name for p in pages for name in names(p)]
        self.assertEqual(sorted(listed), VISIBLE)
        self.assertEqual(listed[0], "Eilidh Fraser")  # the last one built

    def test_the_answers_match_the_html_directory(self):
        for params in (
            {},
            {"q": "health"},
            {"q": "older people"},
            {"region": "london", "q": "health"},
            {"expertise": ["governance", "fundraising"], "accepting": "1"},
            {"sector": "mental-health", "sort": "updated"},
            {"language": "english", "community": "south-asian-communities"},
            {"q": "nobody at all"},
        ):
            with self.subTest(params=params):
                html = self.client.get(self.scenario.url, params).context["results"]
                data = self.get_json(params)
                self.assertEqual(data["count"], html.count)
                self.assertEqual(names(data), [coach.title for coach in html.page])
                self.assertEqual((data["sort"], data["query"]), (html.sort, html.text))
                self.assertEqual(
                    [(f["name"], [(o["value"], o["count"], o["selected"]) for o in f["options"]])
                     for f in data["facets"]],
                    [(f.name, [(o.value, o.count, o.selected) for o in f.options]) for f in html.facets],
                )  # fmt: skip

    def test_hidden_coaches_are_never_listed_counted_or_served(self):
        everyone = self.get_json()
        self.assertEqual(counts(everyone, "expertise")["Fundraising"], 3)
        for name in HIDDEN:
            with self.subTest(coach=name):
                self.assertEqual(self.get_json({"q": name})["count"], 0)
                coach = self.scenario.coaches[name]
                response = self.client.get(f"{API}{coach.pk}/")
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["detail"], "No public coach has that id.")
                self.assertNotIn(name, str(everyone))

    def test_a_directory_is_chosen_by_id_and_one_not_on_this_site_is_a_404(self):
        mine = self.get_json({"directory": self.scenario.directory.pk})
        self.assertEqual(mine["count"], 5)
        for directory in (self.scenario.other_directory.pk, 999999):
            with self.subTest(directory=directory):
                error = self.get_json({"directory": directory}, status=404)
                self.assertEqual(error["detail"], "No public coach directory has that id.")

    def test_bad_parameters_are_named_with_the_html_pages_reasons(self):
        cases = [
            ({"region": ["narnia", "london"]}, "region", "“narnia” is not a region in the directory."),
            ({"sort": "price"}, "sort", "Choose how to sort: best match, name or recently updated."),
            ({"accepting": "maybe"}, "accepting", "To see only coaches accepting new leaders, use accepting=1."),
            ({"q": "leadership " * 910}, "q", "Search for at most 200 characters: a name, an organisation or a topic."),
            ({"q": "Amara\x00"}, "q", "Null characters are not allowed."),
            ({"expertise": "gover\x00nance"}, "expertise", "Null characters are not allowed."),
        ]  # fmt: skip
        for params, name, message in cases:
            with self.subTest(params=params):
                response = self.client.get(API, params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Cache-Control"], "no-store")
                error = response.json()
                self.assertEqual(error["title"], "Bad Request")
                self.assertEqual(
                    [(e["loc"], e["msg"]) for e in error["errors"]], [(["query", name], message)]
                )
                for word in ("Traceback", "elasticsearch", "opensearch", "OperationalError", "fts5"):
                    self.assertNotIn(word, response.content.decode())

    def test_unknown_parameters_and_malformed_ids_are_refused(self):
        unknown = self.get_json({"utm_source": "leaflet"}, status=400)
        self.assertEqual(unknown["errors"][0]["loc"], ["query", "utm_source"])
        for directory in ("abc", "0", "-1", str(2**40)):
            with self.subTest(directory=directory):
                error = self.get_json({"directory": directory}, status=400)
                self.assertEqual(error["errors"][0]["loc"], ["query", "directory"])
        self.assertEqual(self.client.get(f"{API}abc/").status_code, 400)

    def test_empty_values_and_odd_page_numbers_answer_as_the_html_page_does(self):
        for params in ({"region": ""}, {"q": ""}, {"sort": ""}, {"accepting": ""}, {"q": "***"}):
            with self.subTest(params=params):
                self.assertEqual(self.get_json(params)["count"], 5)
        with self.settings(CASCADING_DIRECTORY_PAGE_SIZE=2):
            for page, expected in (("abc", 1), ("", 1), ("2", 2), ("999", 3), ("-1", 3), ("9" * 30, 3)):
                with self.subTest(page=page):
                    self.assertEqual(self.get_json({"page": page})["page"], expected)

    def test_a_search_matching_more_coaches_than_considered_says_so(self):
        with self.settings(CASCADING_DIRECTORY_MAX_MATCHES=2):
            data = self.get_json({"q": "fundraising"})
        self.assertEqual((data["truncated"], data["max_matches"]), (True, 2))
        # The best matches considered: the limit plus one for the coach of another directory (the
        # engine cannot tell them apart); private coaches are not in the index at all.
        self.assertTrue(1 <= data["count"] <= 2 + 1, data["count"])
        self.assertIs(self.get_json({"q": "fundraising"})["truncated"], False)

    def test_the_list_is_publicly_cacheable_and_a_conditional_get_answers_304(self):
        first = self.client.get(API, {"q": "health"})
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        again = self.client.get(API, {"q": "health"}, headers={"If-None-Match": first["ETag"]})
        self.assertEqual((again.status_code, again.content), (304, b""))
        other = self.client.get(API, {"q": "fundraising"}, headers={"If-None-Match": first["ETag"]})
        self.assertEqual(other.status_code, 200)


class DatabaseCoachListTests(CoachListBehaviour, TestCase):
    engine_name = "database"


class ElasticsearchCoachListTests(CoachListBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchCoachListTests(CoachListBehaviour, TestCase):
    engine_name = "opensearch"


class CoachSuggestBehaviour(EngineTestMixin):
    """A leader types in the directory's search box; the front end offers coaches' names."""

    @classmethod
    def setUpTestData(cls):
        cls.scenario = build(cls.engine)

    def suggest(self, params, status=200):
        response = self.client.get(SUGGEST, params)
        self.assertEqual(response.status_code, status, response.content)
        for word in ENGINE_WORDS:
            self.assertNotIn(word, response.content.decode())
        return response.json()

    def suggested(self, typed, **params):
        return [coach["name"] for coach in self.suggest({"q": typed, **params})["suggestions"]]

    def test_a_leader_typing_the_start_of_a_name_is_offered_that_coach(self):
        amara = self.scenario.coaches["Amara Okafor"]
        data = self.suggest({"q": "Ama", "directory": self.scenario.directory.pk})
        self.assertEqual(data["directory"]["id"], self.scenario.directory.pk)
        self.assertEqual(data["suggestions"], [{"id": amara.pk, "name": "Amara Okafor", "url": amara.url}])
        # Any word of the name, several words, any case; without ``directory``, the site's.
        self.assertEqual(self.suggested("okaf"), ["Amara Okafor"])
        self.assertEqual(self.suggested("chidi nw"), ["Chidi Nwosu"])
        self.assertEqual(self.suggested("Ama", directory=self.scenario.directory.pk), self.suggested("Ama"))
        # Names only: words of a profile are for the search itself.
        self.assertEqual(self.suggested("fundraising"), [])
        self.assertEqual(self.suggested("Zebedee"), [])

    def test_suggest_is_not_mistaken_for_a_coach_id(self):
        # "/coaches/suggest/" and "/coaches/{id}/" share a prefix: each still answers its own.
        self.assertIn("suggestions", self.suggest({"q": "Deep"}))
        deepa = self.scenario.coaches["Deepa Patel"]
        self.assertEqual(self.client.get(f"{API}{deepa.pk}/").json()["name"], "Deepa Patel")
        error = self.suggest({}, status=400)
        self.assertEqual([e["loc"] for e in error["errors"]], [["query", "q"]])

    def test_hidden_coaches_are_never_suggested(self):
        for name in HIDDEN:
            with self.subTest(coach=name):
                for typed in (name, name[:4], name.split()[-1]):
                    self.assertEqual(self.suggested(typed), [], typed)
                    self.assertEqual(self.suggested(typed, directory=self.scenario.directory.pk), [], typed)
        # The words they share with visible coaches find only the visible ones.
        self.assertEqual(self.suggested("a"), ["Amara Okafor"])

    def test_search_syntax_and_punctuation_are_read_as_plain_words(self):
        for typed, expected in (
            ("Ama*", ["Amara Okafor"]),
            ('"Amara" (Okaf', ["Amara Okafor"]),
            ("Amara\x00", ["Amara Okafor"]),
            ("title:Amara", []),
            ("Amara~2 OR Okafor^10", []),
            ('{"query": {"match_all": {}}}', []),
            ("***", []),
            ("   ", []),
        ):
            with self.subTest(typed=typed):
                self.assertEqual(self.suggested(typed), expected)

    def test_a_directory_is_chosen_by_id_and_one_not_on_this_site_is_a_404(self):
        for directory in (self.scenario.other_directory.pk, 999999):
            with self.subTest(directory=directory):
                error = self.suggest({"q": "Elsew", "directory": directory}, status=404)
                self.assertEqual(error["detail"], "No public coach directory has that id.")
                self.assertNotIn("Elsewhere Coach", str(error))

    def test_bad_input_is_a_400_naming_the_parameter(self):
        too_long = "a" * 201
        cases = [
            ({}, "q"),
            ({"q": ""}, "q"),
            ({"q": too_long}, "q"),
            ({"q": "Ama", "directory": "abc"}, "directory"),
            ({"q": "Ama", "directory": "0"}, "directory"),
            ({"q": "Ama", "directory": "-1"}, "directory"),
            ({"q": "Ama", "directory": str(2**40)}, "directory"),
            ({"q": "Ama", "utm_source": "leaflet"}, "utm_source"),
            ({"q": "Ama", "region": "london"}, "region"),  # the list's filters are not the suggestions'
        ]
        for params, name in cases:
            with self.subTest(params=params):
                response = self.client.get(SUGGEST, params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Cache-Control"], "no-store")
                error = response.json()
                self.assertEqual(error["title"], "Bad Request")
                self.assertEqual([e["loc"] for e in error["errors"]], [["query", name]])
                self.assertNotIn("Amara", response.content.decode())
        self.assertEqual(len(self.suggested("a" * 200)), 0)  # the longest allowed is an answer

    def test_suggestions_are_publicly_cacheable_and_a_conditional_get_answers_304(self):
        first = self.client.get(SUGGEST, {"q": "Ama"})
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        again = self.client.get(SUGGEST, {"q": "Ama"}, headers={"If-None-Match": first["ETag"]})
        self.assertEqual((again.status_code, again.content), (304, b""))
        other = self.client.get(SUGGEST, {"q": "Beth"}, headers={"If-None-Match": first["ETag"]})
        self.assertEqual(other.status_code, 200)
        self.assertEqual([s["name"] for s in other.json()["suggestions"]], ["Bethan Llewellyn"])


class DatabaseCoachSuggestTests(CoachSuggestBehaviour, TestCase):
    engine_name = "database"


class ElasticsearchCoachSuggestTests(CoachSuggestBehaviour, TestCase):
    engine_name = "elasticsearch"


@pytest.mark.opensearch
class OpenSearchCoachSuggestTests(CoachSuggestBehaviour, TestCase):
    engine_name = "opensearch"


class RetiredDirectoryJsonTests(TestCase):
    """The directory's JSON once had addresses of its own beside the API, in another shape that
    drifted from it. Nothing answers there now: /api/v1/coaches/ and its suggest/ are the JSON."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()

    def test_the_old_directory_json_addresses_are_not_found(self):
        directory = self.site.directory.pk
        for url in (
            f"/api/directory/{directory}/coaches.json",
            f"/api/directory/{directory}/suggest.json?q=Ama",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Amara Okafor", response.content.decode())
        # The same directory's coaches are still there, through the API.
        self.assertEqual(self.client.get(SUGGEST, {"q": "Ama", "directory": directory}).status_code, 200)


class CoachProfileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()

    def get_json(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, response.content)
        return response.json()

    def test_a_coach_profile_holds_what_the_profile_page_shows(self):
        coach = self.get_json(f"{API}{self.site.coach.pk}/")
        self.assertEqual((coach["name"], coach["url"]), ("Amara Okafor", "/coaches/amara-okafor/"))
        self.assertEqual(coach["directory"]["url"], "/coaches/")
        self.assertEqual(coach["biography"], '<p>Ask me about <a href="/about/">the programme</a>.</p>')
        self.assertEqual([t["slug"] for t in coach["languages"]], ["english", "yoruba"])
        self.assertEqual(coach["photo"]["alt"], "Amara smiling, in a green jacket")
        self.assertEqual(coach["photo"]["renditions"]["medium"]["width"], 320)
        self.assertEqual(coach["register_interest_url"], f"{self.site.form.url}?coach={self.site.coach.pk}")
        page = self.client.get(self.site.coach.url).content.decode()
        self.assertIn(f'href="{coach["register_interest_url"]}"', page)

    def test_the_pages_api_and_the_coaches_api_agree_on_a_coach(self):
        profile = self.get_json(f"{API}{self.site.coach.pk}/")
        page = self.get_json(f"/api/v1/pages/{self.site.coach.pk}/")
        shared = set(page) - {"id", "title", "type", "slug", "url", "parent", "ancestors"}
        shared -= {
            "seo_title",
            "search_description",
            "show_in_menus",
            "first_published_at",
            "last_published_at",
        }
        self.assertIn("register_interest_url", shared)
        self.assertEqual({name: profile[name] for name in shared}, {name: page[name] for name in shared})

    def test_a_paused_coach_says_when_they_are_back_and_offers_no_interest_link(self):
        back = timezone.localdate() + timedelta(days=30)
        availability.update_state(self.site.coach, capacity=2, paused=True, available_again_on=back)
        coach = self.get_json(f"{API}{self.site.coach.pk}/")
        self.assertEqual(coach["availability"]["value"], "full")
        self.assertIs(coach["accepting_new_leaders"], False)
        self.assertEqual(coach["available_again_on"], back.isoformat())
        self.assertIsNone(coach["register_interest_url"])
        card = next(c for c in self.get_json(API)["items"] if c["id"] == self.site.coach.pk)
        self.assertEqual(card["available_again_on"], back.isoformat())
        # The directory's card says what the profile says, not the availability the coach declared.
        self.assertEqual(card["availability"], coach["availability"])

    def test_nothing_private_or_unpublished_leaves(self):
        body = self.client.get(f"{API}{self.site.coach.pk}/").content.decode()
        listing = self.client.get(API).content.decode()
        for secret in SECRETS:
            self.assertNotIn(secret, body)
            self.assertNotIn(secret, listing)
        self.get_json(f"{API}{self.site.draft_coach.pk}/", status=404)
        self.get_json(f"{API}{self.site.about.pk}/", status=404)  # a page, but not a coach
        self.assertNotIn("Draft Coach", listing)

    def test_a_coach_whose_unpublished_changes_wait_shows_the_live_profile(self):
        coach = self.site.coach.specific
        coach.summary = "A draft summary nobody has approved."
        coach.save_revision()
        self.assertNotIn("draft summary", self.client.get(f"{API}{coach.pk}/").content.decode())
        self.assertNotIn("draft summary", self.client.get(API).content.decode())

    def test_a_site_without_a_directory_answers_404(self):
        self.site.directory.unpublish()
        error = self.get_json(API, status=404)
        self.assertEqual(error["detail"], "This site has no coach directory.")

    def test_the_profile_is_publicly_cacheable_and_a_conditional_get_answers_304(self):
        url = f"{API}{self.site.coach.pk}/"
        first = self.client.get(url)
        self.assertEqual(first["Cache-Control"], "public, max-age=300")
        again = self.client.get(url, headers={"If-None-Match": first["ETag"]})
        self.assertEqual((again.status_code, again.content), (304, b""))
