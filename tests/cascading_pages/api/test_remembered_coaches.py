"""Between two changes the directory remembers the coaches it has listed, and their photos'
renditions (``cascading_pages.pagecache.store.remember_rows``), so a busy search is not read from
the database again and again. A leader never sees the difference: whatever an editor or a coach
changes is on the next answer, and what one search worked out (why a coach matched its words)
never shows on another's cards."""

from django.test import TestCase

from cascading_pages.coaches import availability
from cascading_pages.pagecache import store
from cascading_pages.vocabularies.models import Region
from tests.cascading_pages.api.builders import ANSWERED_AFRESH
from tests.factories import committed, make_coach, make_directory, make_home, make_image

API = "/api/v1/coaches/"


class RememberedCoachesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with committed():  # As a real request finds the site: nothing waiting for a commit.
            home = make_home()
            cls.directory = make_directory(home)
            cls.priya = make_coach(
                cls.directory,
                title="Priya Shah",
                summary="Fundraising for small charities.",
                biography="<p>Twenty years of <b>governance</b> work.</p>",
                expertise=["Fundraising"],
            )
            cls.tom = make_coach(cls.directory, title="Tom Evans", summary="Strategy and planning.")

    def setUp(self):
        store.forget_rows()
        self.client.defaults.update(ANSWERED_AFRESH)

    def cards(self, **params):
        response = self.client.get(API, params)
        self.assertEqual(response.status_code, 200, response.content)
        return {card["name"]: card for card in response.json()["items"]}

    def test_the_coaches_listed_are_remembered_until_something_changes(self):
        self.cards()
        remembered = dict(store._rows)
        self.assertEqual(len(remembered), 2)
        self.cards()
        self.assertEqual(store._rows, remembered)  # The same coaches, not fetched again.
        with committed():
            self.tom.summary = "Strategy, planning and board development."
            self.tom.save_revision().publish()
        self.cards()
        self.assertNotEqual({key: row for key, (_, row) in store._rows.items()}, remembered)

    def test_an_edited_coach_is_shown_as_edited_on_the_next_request(self):
        self.assertEqual(self.cards()["Tom Evans"]["summary"], "Strategy and planning.")
        with committed():
            self.tom.summary = "Strategy, planning and board development."
            self.tom.save_revision().publish()
        self.assertEqual(self.cards()["Tom Evans"]["summary"], "Strategy, planning and board development.")

    def test_a_coach_who_pauses_is_shown_as_paused_on_the_next_request(self):
        self.assertTrue(self.cards()["Tom Evans"]["accepting_new_leaders"])
        with committed():
            availability.update_state(self.tom, declared="full")
        card = self.cards()["Tom Evans"]
        self.assertFalse(card["accepting_new_leaders"])
        self.assertEqual(card["availability"]["value"], "full")

    def test_an_unpublished_coach_is_gone_on_the_next_request(self):
        self.assertIn("Tom Evans", self.cards())
        with committed():
            self.tom.unpublish()
        self.assertEqual(list(self.cards()), ["Priya Shah"])

    def test_a_new_photo_is_shown_on_the_next_request(self):
        self.assertIsNone(self.cards()["Tom Evans"]["photo"])
        with committed():
            self.tom.photo = make_image(title="Tom", description="Tom Evans smiling")
            self.tom.save_revision().publish()
        photo = self.cards()["Tom Evans"]["photo"]
        self.assertEqual(photo["alt"], "Tom Evans smiling")
        self.assertEqual(photo["renditions"]["small"]["width"], 160)
        self.assertTrue(photo["renditions"]["small"]["url"].startswith("http://testserver/"))

    def test_a_region_added_by_an_editor_can_be_chosen_on_the_next_request(self):
        refused = self.client.get(API, {"region": "cymru"})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.json()["errors"][0]["msg"], "“cymru” is not a region in the directory.")
        with committed():
            Region.objects.create(name="Cymru", slug="cymru")
        self.assertEqual(self.client.get(API, {"region": "cymru"}).status_code, 200)

    def test_why_a_coach_matched_belongs_to_the_search_that_asked(self):
        match = self.cards(q="fundraising")["Priya Shah"]["match"]
        self.assertIn("<mark>Fundraising</mark>", match["snippet"])
        self.assertIsNone(self.cards()["Priya Shah"]["match"])  # No words, no match.
        match = self.cards(q="governance")["Priya Shah"]["match"]
        self.assertEqual(match["field"], "biography")
        self.assertIn("<mark>governance</mark>", match["snippet"])
        # The first search's answer again, as it was.
        self.assertIn(
            "<mark>Fundraising</mark>", self.cards(q="fundraising")["Priya Shah"]["match"]["snippet"]
        )


class RememberRowsTests(TestCase):
    def setUp(self):
        store.forget_rows()
        self.fetched = []

    def fetch(self, pks):
        self.fetched.append(list(pks))
        return {pk: f"row {pk}" for pk in pks if pk != 404}  # 404: a row fetch cannot give.

    def test_rows_are_fetched_once_per_generation_and_only_those_missing(self):
        with committed():
            pass  # Nothing waiting for a commit.
        self.assertEqual(store.remember_rows("list", [1, 2], self.fetch), {1: "row 1", 2: "row 2"})
        self.assertEqual(store.remember_rows("list", [2, 3, 404], self.fetch), {2: "row 2", 3: "row 3"})
        self.assertEqual(self.fetched, [[1, 2], [3, 404]])
        store.new_generation()
        store.remember_rows("list", [1], self.fetch)
        self.assertEqual(self.fetched[-1], [1])

    def test_the_least_recently_used_rows_are_dropped_past_the_limit(self):
        limit = store.REMEMBERED_ROWS
        first, second = 1000, 1001
        store.remember_rows("list", range(first, first + limit), self.fetch)
        store.remember_rows("list", [first], self.fetch)  # Used again: now the most recent.
        store.remember_rows("list", [first + limit], self.fetch)  # One more than the limit.
        self.assertEqual(len(store._rows), limit)
        self.fetched.clear()
        store.remember_rows("list", [first, second], self.fetch)
        self.assertEqual(self.fetched, [[second]])  # The oldest: dropped; the first was kept.
