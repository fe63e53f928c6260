"""`make bench-relevance` keeps working, and its figures mean what they say."""

import random
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import SimpleTestCase

from cascading_site.relevance import (
    TOPICS,
    JudgedQuery,
    coach_topics,
    judged_queries,
    misspell,
    ndcg_at,
    precision_at,
    recall,
)


class MetricTests(SimpleTestCase):
    relevant = {1, 2, 3}

    def test_a_perfect_ranking_scores_one(self):
        ranked = [1, 2, 3, 9, 8]
        self.assertEqual(precision_at(ranked, self.relevant), 1.0)
        self.assertEqual(ndcg_at(ranked, self.relevant), 1.0)
        self.assertEqual(recall(ranked, self.relevant), 1.0)

    def test_a_terrible_ranking_scores_zero(self):
        ranked = [7, 8, 9]
        self.assertEqual(precision_at(ranked, self.relevant), 0.0)
        self.assertEqual(ndcg_at(ranked, self.relevant), 0.0)
        self.assertEqual(recall(ranked, self.relevant), 0.0)
        self.assertEqual(precision_at([], self.relevant), 0.0)

    def test_relevant_coaches_lower_down_score_less(self):
        ranked = [7, 1, 8, 2, 3]
        self.assertAlmostEqual(precision_at(ranked, self.relevant), 1 / 3)
        self.assertLess(ndcg_at(ranked, self.relevant), ndcg_at([1, 7, 8, 2, 3], self.relevant))
        self.assertGreater(ndcg_at(ranked, self.relevant), 0)
        self.assertEqual(recall(ranked, self.relevant), 1.0)

    def test_precision_counts_only_the_first_page_of_ten(self):
        relevant = set(range(20))
        ranked = list(range(10)) + [99] * 5
        self.assertEqual(precision_at(ranked, relevant), 1.0)
        self.assertEqual(precision_at([99, *range(9)], relevant), 0.9)
        self.assertEqual(recall(ranked, relevant), 0.5)

    def test_nothing_relevant_rewards_an_empty_answer(self):
        self.assertEqual(precision_at([], set()), 1.0)
        self.assertEqual(precision_at([4], set()), 0.0)
        self.assertEqual(recall([4], set()), 1.0)


class JudgedQueryTests(SimpleTestCase):
    def test_queries_span_one_to_five_words_misspellings_and_filters(self):
        queries = judged_queries(["london", "wales"])
        self.assertEqual(
            {len(q.words.split()) for q in queries if q.kind in ("short", "long")}, {1, 2, 3, 4, 5}
        )
        misspelt = [q for q in queries if q.kind == "misspelt"]
        self.assertTrue(misspelt)
        for query in misspelt:
            self.assertNotEqual(query.words.split(), list(query.topics))
        self.assertTrue(all(q.region in ("london", "wales") for q in queries if q.kind == "filtered"))

    def test_a_misspelling_is_one_edit_away(self):
        rng = random.Random(1)
        for word in TOPICS:
            wrong = misspell(word, rng)
            self.assertNotEqual(wrong, word)
            self.assertEqual(wrong[0], word[0])
            self.assertLessEqual(abs(len(wrong) - len(word)), 1)

    def test_every_query_has_coaches_covering_it_and_near_misses(self):
        queries = [JudgedQuery("long", "abseiling kayaking pottery", ("abseiling", "kayaking", "pottery"))]
        plans = coach_topics(queries, 20, random.Random(2))
        self.assertEqual(len(plans), 20)
        topics = set(queries[0].topics)
        self.assertTrue(any(topics <= plan for plan, _ in plans))
        self.assertTrue(any(len(topics & plan) == 2 for plan, _ in plans))


@pytest.mark.django_db
def test_the_benchmark_reports_each_kind_of_query_against_the_targets():
    out = StringIO()
    call_command("bench_relevance", coaches=40, aliases=["default"], stdout=out)
    report = out.getvalue()
    for kind in ("short", "long", "misspelt", "filtered"):
        assert re.search(
            rf"^default +{kind} +\d+ +\d\.\d\d +\d\.\d\d +\d\.\d\d +\d\.\d\d +\d+$", report, re.M
        ), kind
    assert re.search(r"default \(.*database.*, as a database\):", report)
    assert re.search(
        r"short +precision@10 \d\.\d\d (met|NOT met) \(>= 0\.9\); empty \d+ (met|NOT met)", report
    )
    # A second run on the same database reuses its coaches.
    again = StringIO()
    call_command("bench_relevance", coaches=40, aliases=["default"], stdout=again)
    assert "Imported" not in again.getvalue()
