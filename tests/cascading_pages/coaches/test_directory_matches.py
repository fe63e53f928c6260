"""Why this coach: a leader who searches sees, on each card and in the JSON, where their words
appear in the coach's profile, with the words marked; nothing typed or stored can inject markup."""

import pytest
from django.test import TestCase

from tests.cascading_pages.search.engines import EngineTestMixin
from tests.factories import make_coach, make_directory, make_home

JSON_URL = "/api/v1/coaches/"
HOSTILE = '<script>alert("summary")</script> "><img src=x onerror=alert(1)>'


class WhyThisCoachBehaviour(EngineTestMixin):
    @classmethod
    def setUpTestData(cls):
        cls.directory = make_directory(make_home())
        make_coach(
            cls.directory,
            title="Nia Campbell",
            summary="Helps small charities with trustee recruitment and board induction.",
            biography="<p>Nia chaired a housing association.</p>",
        )
        make_coach(
            cls.directory,
            title="Rhys Owen",
            summary="Finance and audit for growing charities.",
            biography="<p>Before coaching, Rhys spent ten years on trustee <em>recruitment</em> for hospices &amp; "
            "hospitals across Wales, and writing their induction packs.</p>",
            expertise=["Finance"],
        )
        make_coach(cls.directory, title="Sam Trustee", summary="Youth work.")
        make_coach(cls.directory, title="Hostile Summary", summary=f"Trustee boards {HOSTILE}")
        cls.engine.refresh()

    def cards(self, **params):
        response = self.client.get(JSON_URL, {"directory": self.directory.pk, **params})
        assert response.status_code == 200, response.content
        return {item["name"]: item["match"] for item in response.json()["items"]}

    def test_the_words_are_marked_where_they_appear(self):
        cards = self.cards(q="trustee recruitment")
        assert cards["Nia Campbell"] == {
            "field": "summary",
            "label": "Summary",
            "snippet": "Helps small charities with <mark>trustee</mark> <mark>recruitment</mark> and board induction.",
        }
        assert cards["Rhys Owen"]["field"] == "biography"
        assert cards["Rhys Owen"]["snippet"] == (
            "Before coaching, Rhys spent ten years on <mark>trustee</mark> <mark>recruitment</mark> for hospices "
            "&amp; hospitals across Wales, and writing their induction packs."
        )

    def test_the_card_shows_the_match(self):
        response = self.client.get(self.directory.url, {"q": "trustee recruitment"})
        html = response.content.decode()
        self.assertInHTML(
            '<p class="coach-card__summary">Helps small charities with <mark>trustee</mark> '
            "<mark>recruitment</mark> and board induction.</p>",
            html,
        )
        self.assertInHTML(
            '<p class="coach-card__match"><span class="coach-card__match-label">Matched in biography:</span> '
            "Before coaching, Rhys spent ten years on <mark>trustee</mark> <mark>recruitment</mark> for hospices "
            "&amp; hospitals across Wales, and writing their induction packs.</p>",
            html,
        )

    def test_a_coach_found_by_name_alone_has_no_snippet(self):
        assert self.cards(q="sam")["Sam Trustee"] is None

    def test_no_snippet_without_search_words(self):
        assert set(self.cards().values()) == {None}
        html = self.client.get(self.directory.url).content.decode()
        assert "<mark>" not in html and "coach-card__match" not in html

    def test_markup_in_a_summary_or_the_search_is_never_echoed(self):
        query = 'trustee <script>alert(1)</script> "><img onerror=alert(1)>'
        snippet = self.cards(q=query)["Hostile Summary"]["snippet"]
        assert "<script" not in snippet and "<img" not in snippet
        assert "&lt;<mark>script</mark>&gt;" in snippet
        html = self.client.get(self.directory.url, {"q": query}).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html and "<img onerror" not in html
        assert "&lt;<mark>script</mark>&gt;" in html


class DatabaseWhyThisCoachTests(WhyThisCoachBehaviour, TestCase):
    engine_name = "database"


@pytest.mark.elasticsearch
class ElasticsearchWhyThisCoachTests(WhyThisCoachBehaviour, TestCase):
    engine_name = "elasticsearch"
