"""The programme's rules, from its public text: who it is for and who may ask for a bursary."""

from django.test import SimpleTestCase

from cascading_pages.interest.eligibility import (
    NO_BURSARY_CRITERION_MET,
    OVER_INCOME_LIMIT,
    TURNOVER_CONTRADICTS_INCOME,
    IncomeBand,
    Payment,
    assess,
    band_is_under,
)


class IncomeLimitTests(SimpleTestCase):
    def test_an_organisation_under_500k_is_eligible_whoever_pays(self):
        for band in (IncomeBand.UNDER_50K, IncomeBand.FROM_50K, IncomeBand.FROM_150K, IncomeBand.FROM_250K):
            for payment in (Payment.ORGANISATION, Payment.FUNDER):
                with self.subTest(band=band, payment=payment):
                    self.assertTrue(assess(band, payment).eligible)

    def test_500k_or_more_gets_a_kind_explanation_not_a_silent_acceptance(self):
        result = assess(IncomeBand.FROM_500K, Payment.ORGANISATION)
        self.assertFalse(result.eligible)
        self.assertEqual(result.errors, {"income_band": OVER_INCOME_LIMIT})
        self.assertIn("Thank you for your interest", OVER_INCOME_LIMIT)
        self.assertIn("less than £500,000", OVER_INCOME_LIMIT)


class BursaryTests(SimpleTestCase):
    def test_any_one_criterion_is_enough_to_ask_for_a_bursary(self):
        for criterion in (
            "bursary_turnover_under_150k",
            "bursary_under_represented",
            "bursary_no_previous_support",
        ):
            with self.subTest(criterion=criterion):
                result = assess(IncomeBand.UNDER_50K, Payment.BURSARY, {criterion: True})
                self.assertTrue(result.eligible)
                self.assertTrue(result.bursary_requested)
                self.assertEqual(result.bursary_criteria_met, (criterion,))

    def test_a_bursary_request_meeting_no_criterion_is_told_and_may_pay_instead(self):
        result = assess(IncomeBand.FROM_150K, Payment.BURSARY, {})
        self.assertEqual(result.errors, {"payment": NO_BURSARY_CRITERION_MET})
        self.assertIn("You can still register your interest", NO_BURSARY_CRITERION_MET)
        self.assertTrue(assess(IncomeBand.FROM_150K, Payment.ORGANISATION, {}).eligible)

    def test_bursary_answers_without_a_bursary_request_do_not_count(self):
        result = assess(IncomeBand.FROM_250K, Payment.FUNDER, {"bursary_turnover_under_150k": True})
        self.assertTrue(result.eligible)
        self.assertFalse(result.bursary_requested)
        self.assertEqual(result.bursary_criteria_met, ())

    def test_a_turnover_under_150k_cannot_come_with_an_income_of_150k_or_more(self):
        result = assess(IncomeBand.FROM_150K, Payment.BURSARY, {"bursary_turnover_under_150k": True})
        self.assertEqual(result.errors, {"bursary_turnover_under_150k": TURNOVER_CONTRADICTS_INCOME})
        self.assertTrue(
            assess(IncomeBand.FROM_50K, Payment.BURSARY, {"bursary_turnover_under_150k": True}).eligible
        )

    def test_income_bands_know_their_ceilings(self):
        self.assertTrue(band_is_under(IncomeBand.FROM_50K, 150_000))
        self.assertFalse(band_is_under(IncomeBand.FROM_150K, 150_000))
        self.assertFalse(band_is_under(IncomeBand.FROM_500K, 10**12))
        self.assertFalse(band_is_under("made-up", 150_000))
