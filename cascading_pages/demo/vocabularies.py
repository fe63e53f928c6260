"""The starting vocabularies. Editors can rename, reorder and extend them in the admin."""

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
    "Scotland",
    "Northern Ireland",
]

EXPERTISE = [
    "Strategy and planning",
    "Governance and working with trustees",
    "Leading through change",
    "Partnerships and collaboration",
    "Fundraising and sustainability",
    "Managing staff and volunteers",
    "Wellbeing and resilience",
    "Influencing the health and care system",
    "New and emerging leaders",
    "Equity, diversity and inclusion",
]

SECTORS = [
    "Mental health",
    "Older people",
    "Children and young people",
    "Disability",
    "Carers",
    "Homelessness and housing",
    "Physical activity and health",
    "Community development",
    "Substance misuse",
    "Social prescribing",
]

COMMUNITIES = [
    "Ethnic minority communities",
    "Disabled people",
    "Women",
    "Older people",
    "LGBTQ+ communities",
    "Refugees and people seeking asylum",
]

LANGUAGES = [
    "English",
    "Welsh",
    "Urdu",
    "Punjabi",
    "Bengali",
    "Polish",
    "Somali",
    "Gujarati",
    "British Sign Language",
]
