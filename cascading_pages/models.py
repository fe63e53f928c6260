"""Django's list of the plugin's models: each lives with its concern, and is imported here only so
that Django finds them. The plugin's own code imports models from their concern, never from here."""

from cascading_pages.coaches.models import CoachAvailability, CoachPage
from cascading_pages.coaches.pages import CoachIndexPage
from cascading_pages.content.models import HomePage, StandardPage
from cascading_pages.faqs.models import FaqCategory, FaqIndexPage, FaqPage
from cascading_pages.interest.models import (
    ExpressionOfInterest,
    ExpressionOfInterestStatusChange,
    InterestSender,
)
from cascading_pages.interest.pages import ExpressionOfInterestFormField, ExpressionOfInterestPage
from cascading_pages.mail.models import OutboxEmail
from cascading_pages.programme.models import ProgrammeEmails, ProgrammeSettings, SiteFooter
from cascading_pages.search.models import QueryDailyMisses
from cascading_pages.signed_links.models import UsedLink
from cascading_pages.vocabularies.models import Community, ExpertiseArea, Language, Region, Sector

__all__ = [
    "CoachAvailability",
    "CoachIndexPage",
    "CoachPage",
    "Community",
    "ExpertiseArea",
    "ExpressionOfInterest",
    "ExpressionOfInterestFormField",
    "ExpressionOfInterestPage",
    "ExpressionOfInterestStatusChange",
    "FaqCategory",
    "FaqIndexPage",
    "FaqPage",
    "HomePage",
    "InterestSender",
    "Language",
    "ProgrammeEmails",
    "ProgrammeSettings",
    "QueryDailyMisses",
    "OutboxEmail",
    "Region",
    "Sector",
    "SiteFooter",
    "StandardPage",
    "UsedLink",
]
