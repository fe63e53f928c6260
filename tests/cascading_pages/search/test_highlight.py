"""Marking a search's words in a text: the rule behind "why this coach" on directory cards."""

from django.test import SimpleTestCase

from cascading_pages.search.highlight import WordMatcher, one_edit_apart, snippet, stem


class StemTests(SimpleTestCase):
    def test_forms_of_a_word_share_a_stem(self):
        for words in [
            ("recruitment", "recruiting", "recruits", "recruited"),
            ("business", "businesses"),
            ("family", "families"),
            ("strategy", "strategies"),
            ("trustee", "trustees"),
            ("volunteer", "volunteers", "volunteering"),
        ]:
            with self.subTest(words=words):
                self.assertEqual({stem(word) for word in words}, {stem(words[0])})

    def test_short_words_keep_their_letters(self):
        self.assertEqual(stem("red"), "red")
        self.assertEqual(stem("need"), "need")
        self.assertNotEqual(stem("board"), stem("boarding school"))


class OneEditTests(SimpleTestCase):
    def test_one_letter_missing_added_changed_or_two_swapped(self):
        for a, b in [
            ("governance", "goverance"),
            ("governance", "governnance"),
            ("governance", "govermance"),
            ("governance", "goevrnance"),
            ("governance", "ogvernance"),
        ]:
            with self.subTest(a=a, b=b):
                self.assertTrue(one_edit_apart(a, b))
                self.assertTrue(one_edit_apart(b, a))

    def test_two_edits_or_the_same_word_are_not(self):
        self.assertFalse(one_edit_apart("governance", "governance"))
        self.assertFalse(one_edit_apart("governance", "gvernanc"))
        self.assertFalse(one_edit_apart("governance", "government"))


class SnippetTests(SimpleTestCase):
    def test_matched_words_are_marked_in_any_form(self):
        found = snippet("Led recruitment of trustees for ten years.", WordMatcher("trustee recruiting"))
        self.assertEqual(found.html, "Led <mark>recruitment</mark> of <mark>trustees</mark> for ten years.")
        self.assertEqual(found.matched, 2)

    def test_a_misspelt_search_word_still_marks_the_right_word(self):
        found = snippet("Charity governance and finance.", WordMatcher("goverance"))
        self.assertEqual(found.html, "Charity <mark>governance</mark> and finance.")

    def test_no_snippet_without_a_match(self):
        self.assertIsNone(snippet("Charity governance.", WordMatcher("fundraising")))
        self.assertIsNone(snippet("", WordMatcher("fundraising")))

    def test_a_long_text_gives_the_stretch_with_most_of_the_words_cut_at_words(self):
        text = " ".join(["Filler words about other things."] * 20)
        text += " Here volunteer retention and volunteer recruitment meet. "
        text += " ".join(["More filler about nothing at all."] * 20)
        found = snippet(text, WordMatcher("volunteer recruitment retention"))
        plain = found.html.replace("<mark>", "").replace("</mark>", "")
        self.assertLessEqual(len(plain.strip("…")), 200)
        self.assertTrue(plain.startswith("…") and plain.endswith("…"))
        self.assertIn("<mark>volunteer</mark> <mark>retention</mark>", found.html)
        self.assertIn("<mark>recruitment</mark>", found.html)
        self.assertNotRegex(plain, r"^…\S*[a-z]…$")
        for piece in plain.strip("…").split():
            self.assertIn(piece, text.split())

    def test_markup_in_the_text_or_the_search_is_escaped(self):
        text = 'Trustee <script>alert("x")</script> and "><img src=x onerror=alert(1)> board'
        found = snippet(text, WordMatcher('<script> "><img onerror> trustee'))
        self.assertNotIn("<script", found.html)
        self.assertNotIn("<img", found.html)
        self.assertIn("&lt;<mark>script</mark>&gt;", found.html)
        self.assertIn("&quot;&gt;&lt;<mark>img</mark> src=x <mark>onerror</mark>=alert(1)&gt;", found.html)
        stripped = found.html.replace("<mark>", "").replace("</mark>", "")
        self.assertNotIn("<", stripped)
