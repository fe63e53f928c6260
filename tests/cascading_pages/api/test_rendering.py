"""The directory's list is sent as built (``cascading_pages.api.rendering.json_answer``), without
ninja checking it against ``CoachList`` again: each answer here must be byte for byte what the
schema would have made of it, so the OpenAPI document still describes exactly what is sent."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cascading_pages.api.rendering import CONTENT_TYPE, RENDERER
from cascading_pages.api.schemas import CoachList
from cascading_pages.coaches import availability
from tests.cascading_pages.api.builders import build_programme_site
from tests.factories import make_coach

API = "/api/v1/coaches/"


def as_the_schema_sends(content):
    """``content`` validated by ``CoachList`` and rendered again, as ninja does for a plain answer."""
    return RENDERER.render(None, CoachList.model_validate_json(content).model_dump(), response_status=200)


class CoachListRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_programme_site()
        cls.paused = make_coach(
            cls.site.directory,
            title="Bethan Llewellyn",
            summary="Strategy for small charities.",
            regions=["Wales"],
            expertise=["Strategy and planning"],
        )
        availability.update_state(
            cls.paused, capacity=2, paused=True, available_again_on=timezone.localdate() + timedelta(days=30)
        )
        query = Query.get("strategy")
        SearchPromotion.objects.create(query=query, page=cls.paused, sort_order=0)

    def test_every_kind_of_answer_is_exactly_the_schemas(self):
        requests = {
            "every coach": {},
            "words, a match and a promotion": {"q": "strategy"},
            "a misspelling corrected": {"q": "stratgy"},
            "a filter chosen": {"region": "wales", "accepting": "1", "sort": "updated"},
            "nobody, with a way out": {"q": "strategy", "region": "london", "accepting": "1"},
        }
        for story, params in requests.items():
            with self.subTest(story):
                response = self.client.get(API, params)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response["Content-Type"], CONTENT_TYPE)
                self.assertEqual(response.content.decode(), as_the_schema_sends(response.content))

    def test_the_answer_has_what_the_schema_checks_would_have_seen(self):
        data = self.client.get(API, {"q": "strategy"}).json()
        card = next(item for item in data["items"] if item["name"] == "Bethan Llewellyn")
        self.assertTrue(card["recommended"])
        self.assertEqual(card["available_again_on"], (timezone.localdate() + timedelta(days=30)).isoformat())
        self.assertEqual(card["availability"], {"value": "full", "label": "Full: not taking new leaders"})
        self.assertIn("<mark>Strategy</mark>", card["match"]["snippet"])
        self.assertEqual(list(data), list(CoachList.model_fields))
