"""Who the programme is for and who may ask for a bursary: the programme's rules, in one place.

The source is the programme's public text: Cascading Leadership is for leaders of health and
wellbeing organisations with an annual income of less than £500,000; coaching costs £800; a small
number of bursaries are available to organisations with an annual turnover of less than £150,000,
those working with ethnic minority communities or other under-represented groups, and leaders who
have not received leadership support before. Meeting any one of those is enough to ask.

Nothing here touches the database or a request, so every rule is tested on its own.
"""

from dataclasses import dataclass, field

from django.db import models

PROGRAMME_COST = 800
INCOME_LIMIT = 500_000
BURSARY_TURNOVER_LIMIT = 150_000


class IncomeBand(models.TextChoices):
    UNDER_50K = "under-50k", "Under £50,000"
    FROM_50K = "50k-150k", "£50,000 to £149,999"
    FROM_150K = "150k-250k", "£150,000 to £249,999"
    FROM_250K = "250k-500k", "£250,000 to £499,999"
    FROM_500K = "500k-plus", "£500,000 or more"


# The upper bound (exclusive) of each band; None means no upper bound.
_BAND_CEILINGS = {
    IncomeBand.UNDER_50K: 50_000,
    IncomeBand.FROM_50K: 150_000,
    IncomeBand.FROM_150K: 250_000,
    IncomeBand.FROM_250K: 500_000,
    IncomeBand.FROM_500K: None,
}


class Payment(models.TextChoices):
    ORGANISATION = "organisation", "My organisation will pay the £800"
    FUNDER = "funder", "A funder will pay the £800"
    BURSARY = "bursary", "I would like to apply for a bursary"


# The three bursary questions, asked only when a leader applies for a bursary.
BURSARY_CRITERIA = {
    "bursary_turnover_under_150k": "My organisation’s annual turnover is less than £150,000",
    "bursary_under_represented": (
        "My organisation works with ethnic minority communities or other under-represented groups"
    ),
    "bursary_no_previous_support": "I have not received leadership support before",
}

# What the form page says before its questions, until an editor rewords it (the page's
# "Who can apply" field): the same rules as above, in the programme's own words.
WHO_CAN_APPLY = (
    f"<p>Cascading Leadership is for leaders of health and wellbeing organisations with an annual "
    f"income of less than £{INCOME_LIMIT:,}.</p>"
    f"<p>The coaching costs £{PROGRAMME_COST}, paid to your coach’s organisation. A small number of "
    f"bursaries are available to organisations with an annual turnover of less than "
    f"£{BURSARY_TURNOVER_LIMIT:,}, those working with ethnic minority communities or other "
    f"under-represented groups, and leaders who have not received leadership support before.</p>"
)

OVER_INCOME_LIMIT = (
    "Thank you for your interest in Cascading Leadership. The programme is for leaders of "
    "organisations with an annual income of less than £500,000, so we are not able to offer "
    "coaching to an organisation of your size. If your organisation’s income is lower than the "
    "band you chose, please choose the right band and send the form again."
)
NO_BURSARY_CRITERION_MET = (
    "From your answers, your organisation does not meet any of the bursary criteria: an annual "
    "turnover of less than £150,000, working with ethnic minority communities or other "
    "under-represented groups, or a leader who has not had leadership support before. You can still "
    "register your interest: choose “My organisation will pay” or “A funder will pay” and send the "
    "form again."
)
TURNOVER_CONTRADICTS_INCOME = (
    "You told us your organisation’s annual income is £150,000 or more, so it does not have a "
    "turnover of less than £150,000. Please check the income band or untick this box."
)


def band_is_under(band, limit):
    """Whether every income in ``band`` is below ``limit``."""
    ceiling = _BAND_CEILINGS.get(band)
    return ceiling is not None and ceiling <= limit


@dataclass
class Assessment:
    """The outcome of the programme's rules for one expression of interest."""

    errors: dict = field(default_factory=dict)  # field name -> message for the leader
    bursary_requested: bool = False
    bursary_criteria_met: tuple = ()

    @property
    def eligible(self):
        return not self.errors


def assess(income_band, payment, bursary_answers=None):
    """Apply the programme's rules to a leader's answers.

    ``bursary_answers`` maps the names in ``BURSARY_CRITERIA`` to booleans; answers given without
    a bursary request are ignored.
    """
    bursary_answers = bursary_answers or {}
    result = Assessment(bursary_requested=payment == Payment.BURSARY)

    if income_band == IncomeBand.FROM_500K:
        result.errors["income_band"] = OVER_INCOME_LIMIT

    if result.bursary_requested:
        result.bursary_criteria_met = tuple(name for name in BURSARY_CRITERIA if bursary_answers.get(name))
        if (
            bursary_answers.get("bursary_turnover_under_150k")
            and income_band in _BAND_CEILINGS
            and not band_is_under(income_band, BURSARY_TURNOVER_LIMIT)
        ):
            result.errors["bursary_turnover_under_150k"] = TURNOVER_CONTRADICTS_INCOME
        elif not result.bursary_criteria_met:
            result.errors["payment"] = NO_BURSARY_CRITERION_MET
    return result
