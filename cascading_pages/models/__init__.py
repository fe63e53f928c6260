from .availability import CoachAvailability, UsedLink
from .coaches import CoachIndexPage, CoachPage
from .faqs import FaqCategory, FaqIndexPage, FaqPage
from .interest import (
    ExpressionOfInterest,
    ExpressionOfInterestFormField,
    ExpressionOfInterestPage,
    ExpressionOfInterestStatusChange,
    InterestEmail,
)
from .pages import HomePage, StandardPage
from .vocabularies import Community, ExpertiseArea, Language, Region, Sector

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
    "InterestEmail",
    "Language",
    "Region",
    "Sector",
    "StandardPage",
    "UsedLink",
]
