"""Long searches also find what covers most of their words: the rule, and how it reaches the engine."""

from django.test import SimpleTestCase
from wagtail.search.query import PlainText

from cascading_pages.search.partial import (
    MinimumShouldMatchCompiler,
    MostWords,
    allows_partial,
    full_then_partial,
    rank_by_words_matched,
    required_words,
)


class RequiredWordsTests(SimpleTestCase):
    def test_short_searches_need_every_word_longer_ones_three_quarters(self):
        self.assertEqual(
            [required_words(n) for n in range(1, 9)],
            [1, 2, 2, 3, 3, 4, 5, 6],
        )

    def test_only_three_different_words_or_more_allow_partial_matches(self):
        self.assertFalse(allows_partial("trustee board"))
        self.assertFalse(allows_partial("trustee Trustee board"))
        self.assertTrue(allows_partial("trustee board recruitment"))


class RankingTests(SimpleTestCase):
    def test_full_matches_first_then_by_words_matched_then_best_position(self):
        full = [7, 3]
        per_word = [
            [3, 7, 1, 2, 5],  # volunteer
            [7, 3, 2, 1],  # recruitment
            [3, 7, 5, 1, 9],  # retention
            [7, 3, 9, 4],  # strategy
        ]
        # 1 matches three words, 2 two, 5 two, 9 two, 4 one: three are needed.
        self.assertEqual(rank_by_words_matched(full, per_word, 3), [7, 3, 1])
        self.assertEqual(rank_by_words_matched(full, per_word, 2), [7, 3, 1, 2, 5, 9])

    def test_full_then_partial_keeps_each_order_without_repeats(self):
        self.assertEqual(full_then_partial([4, 2], [2, 8, 4, 6]), [4, 2, 8, 6])


class _Compiler:
    def _compile_plaintext_query(self, query, fields, boost=1.0):
        if len(fields) == 1:
            return {"match": {fields[0]: {"query": query.query_string}}}
        return {"multi_match": {"query": query.query_string, "fields": fields}}


class Compiler(MinimumShouldMatchCompiler, _Compiler):
    pass


class CompilerTests(SimpleTestCase):
    def test_most_words_carries_minimum_should_match_to_the_engine(self):
        compiler = Compiler()
        query = MostWords("volunteer recruitment retention strategy")
        self.assertEqual(
            compiler._compile_plaintext_query(query, ["_all_text"]),
            {"match": {"_all_text": {"query": query.query_string, "minimum_should_match": "2<75%"}}},
        )
        self.assertEqual(
            compiler._compile_plaintext_query(query, ["a", "b"])["multi_match"]["minimum_should_match"],
            "2<75%",
        )

    def test_other_queries_are_unchanged(self):
        compiled = Compiler()._compile_plaintext_query(PlainText("trustee board"), ["_all_text"])
        self.assertEqual(compiled, {"match": {"_all_text": {"query": "trustee board"}}})
