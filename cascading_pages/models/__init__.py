from .coaches import CoachIndexPage, CoachPage
from .faqs import FaqCategory, FaqIndexPage, FaqPage
from .pages import HomePage, StandardPage
from .vocabularies import Community, ExpertiseArea, Language, Region, Sector

__all__ = [
    "CoachIndexPage",
    "CoachPage",
    "Community",
    "ExpertiseArea",
    "FaqCategory",
    "FaqIndexPage",
    "FaqPage",
    "HomePage",
    "Language",
    "Region",
    "Sector",
    "StandardPage",
]
