"""Editors' wording: the placeholders an email offers are filled by name, and anything else is an
error the editor reads before saving, never a failure when the email is sent."""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from cascading_pages.programme.wording import PlaceholderValidator, fill, placeholders_in

LEADER_AND_COACH = PlaceholderValidator(("leader_name", "coach_name"))


class FillTests(SimpleTestCase):
    def test_each_placeholder_gets_its_value_and_doubled_braces_are_braces(self):
        self.assertEqual(
            fill(
                "Dear {leader_name}, {coach_name} says {{hello}}.",
                {"leader_name": "Amara", "coach_name": "Priya"},
            ),
            "Dear Amara, Priya says {hello}.",
        )

    def test_a_value_with_braces_is_written_as_it_is(self):
        self.assertEqual(
            fill("Dear {leader_name}", {"leader_name": "{coach_name} }{"}), "Dear {coach_name} }{"
        )

    def test_text_without_placeholders_is_unchanged(self):
        self.assertEqual(fill("Cascading Leadership", {}), "Cascading Leadership")
        self.assertEqual(placeholders_in("Cascading Leadership"), [])

    def test_a_placeholder_without_a_value_or_a_stray_brace_fails_loudly(self):
        with self.assertRaises(KeyError):
            fill("Dear {leader_name}", {})
        with self.assertRaises(ValueError):
            fill("Dear {leader_name", {"leader_name": "Amara"})


class ValidatorTests(SimpleTestCase):
    def error(self, validator, text):
        with self.assertRaises(ValidationError) as raised:
            validator(text)
        return raised.exception.messages[0]

    def test_the_offered_placeholders_and_doubled_braces_are_accepted(self):
        LEADER_AND_COACH("Good news, {leader_name}: {coach_name} has accepted {{really}}.")
        PlaceholderValidator()("Cascading Leadership")

    def test_an_unknown_placeholder_names_itself_and_what_can_be_used(self):
        self.assertEqual(
            self.error(LEADER_AND_COACH, "Dear {leader_nam}"),
            "“{leader_nam}” is not a placeholder this email knows. You can use {leader_name} and {coach_name}.",
        )
        self.assertEqual(
            self.error(PlaceholderValidator(), "Cascading {programme}"),
            "“{programme}” is not a placeholder this email knows. This text takes no placeholders.",
        )

    def test_attributes_indexes_formats_and_empty_braces_are_not_placeholders(self):
        for text, shown in (
            ("{coach_name.__class__}", "{coach_name.__class__}"),
            ("{leader_name[0]}", "{leader_name[0]}"),
            ("{coach_name:>99999}", "{coach_name:>99999}"),
            ("{coach_name!r}", "{coach_name!r}"),
            ("Dear {}", "{}"),
        ):
            with self.subTest(text=text):
                self.assertIn(
                    f"“{shown}” is not a placeholder this email knows.", self.error(LEADER_AND_COACH, text)
                )

    def test_a_brace_on_its_own_says_how_to_write_one(self):
        for text in ("Dear {leader_name", "Dear leader_name}", "Costs {800"):
            with self.subTest(text=text):
                self.assertEqual(
                    self.error(LEADER_AND_COACH, text),
                    "A “{” or “}” on its own cannot be sent. Write a placeholder in braces, like "
                    "{leader_name}, or a brace itself twice: {{ or }}.",
                )
