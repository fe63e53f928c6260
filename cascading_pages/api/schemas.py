"""The shapes the API answers with. Every field here is public by design.

``tests/cascading_pages/api/test_openapi.py`` holds the allow-list these must stay within: adding a field
here without adding it there fails the suite, which is the moment to ask whether it is public.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

# -- Shared pieces -------------------------------------------------------------------------------


class PageLink(Schema):
    """Enough to link to another page: its id for the API, its path for the front end's router."""

    id: int
    type: str
    title: str
    url: str


class Term(Schema):
    """A vocabulary term (region, area of expertise, FAQ category…) in the editors' order."""

    name: str
    slug: str


class Rendition(Schema):
    url: str = Field(description="Absolute URL of the resized image.")
    width: int
    height: int


class Photo(Schema):
    alt: str = Field(description="Alternative text written by the editor (the image's description).")
    renditions: dict[Literal["small", "medium", "large"], Rendition] = Field(
        description="Square crops up to small 160px (cards), medium 320px (profile), large 640px (2x screens); never enlarged beyond the original."
    )


class Availability(Schema):
    value: Literal["available", "limited", "full"]
    label: str


# -- StreamField blocks --------------------------------------------------------------------------


class HeadingBlock(Schema):
    type: Literal["heading"]
    id: str | None
    value: str


class TextBlock(Schema):
    type: Literal["text"]
    id: str | None
    value: str = Field(description="Rendered HTML: internal links and embeds expanded to real URLs.")


class CallToActionValue(Schema):
    heading: str
    text: str
    link_label: str
    href: str | None = Field(
        description="Where the button goes: the chosen page's path, else the external URL; "
        "null when the chosen page is no longer public and no URL was given."
    )
    link_page: PageLink | None
    link_url: str


class CallToActionBlock(Schema):
    type: Literal["call_to_action"]
    id: str | None
    value: CallToActionValue


class QuoteValue(Schema):
    quote: str
    attribution: str


class QuoteBlock(Schema):
    type: Literal["quote"]
    id: str | None
    value: QuoteValue


class KeyFact(Schema):
    value: str
    label: str


class KeyFactsValue(Schema):
    heading: str
    facts: list[KeyFact]


class KeyFactsBlock(Schema):
    type: Literal["key_facts"]
    id: str | None
    value: KeyFactsValue


ContentBlock = Annotated[
    HeadingBlock | TextBlock | CallToActionBlock | QuoteBlock | KeyFactsBlock,
    Field(discriminator="type"),
]


# -- Pages ---------------------------------------------------------------------------------------


class PageSummary(Schema):
    """What a listing or a menu needs about any page."""

    id: int
    type: str = Field(description="The page type, e.g. `cascading_pages.CoachPage`.")
    title: str
    slug: str
    url: str = Field(description="The page's path on the site, e.g. `/coaches/amara-okafor/`.")
    seo_title: str
    search_description: str
    show_in_menus: bool
    first_published_at: datetime | None
    last_published_at: datetime | None


class PageDetailBase(PageSummary):
    parent: PageLink | None = Field(description="null for the site's home page.")
    ancestors: list[PageLink] = Field(description="From the home page down to the parent: breadcrumbs.")


class GenericPageDetail(PageDetailBase):
    """A page type from the host project that the plugin knows nothing more about."""


class HomePageDetail(PageDetailBase):
    type: Literal["cascading_pages.HomePage"]
    introduction: str
    body: list[ContentBlock]
    directory: PageLink | None = Field(description="The coach directory, for the “Find a coach” button.")


class StandardPageDetail(PageDetailBase):
    type: Literal["cascading_pages.StandardPage"]
    introduction: str
    body: list[ContentBlock]


class CoachIndexPageDetail(PageDetailBase):
    type: Literal["cascading_pages.CoachIndexPage"]
    introduction: str


class CoachFields(Schema):
    """What a coach's profile page shows; the pages API and the coaches API answer the same."""

    role: str
    organisation: str
    organisation_url: str
    summary: str
    biography: str = Field(description="Rendered HTML.")
    coaching_approach: str = Field(description="Rendered HTML; empty when the coach gave none.")
    availability: Availability = Field(
        description="`full` whenever the coach is not taking new leaders (declared full, paused, at capacity or unconfirmed)."
    )
    accepting_new_leaders: bool = Field(description="Whether the coach is taking new leaders right now.")
    available_again_on: date | None = Field(
        description="When a paused coach expects to take leaders again, if they said."
    )
    profile_confirmed_on: date | None = Field(
        description="When the coach last confirmed their profile is up to date."
    )
    photo: Photo | None
    regions: list[Term]
    expertise: list[Term]
    sectors: list[Term]
    communities: list[Term]
    languages: list[Term]
    register_interest_url: str | None = Field(
        description="The expression of interest form with this coach chosen (its path and query); "
        "null while the coach is not taking new leaders or the site has no public form."
    )


class CoachPageDetail(PageDetailBase, CoachFields):
    type: Literal["cascading_pages.CoachPage"]


class FaqEntry(Schema):
    id: int
    question: str
    slug: str
    url: str = Field(description="The entry's own page.")
    anchor: str = Field(description="Its fragment on the FAQ index page, e.g. `faq-how-much`.")
    answer: str = Field(description="Rendered HTML.")
    category: Term | None
    sort_order: int


class FaqGroup(Schema):
    category: Term | None = Field(description="null groups the entries that have no category.")
    entries: list[FaqEntry]


class FaqIndexPageDetail(PageDetailBase):
    type: Literal["cascading_pages.FaqIndexPage"]
    introduction: str
    groups: list[FaqGroup]


class FaqPageDetail(PageDetailBase):
    type: Literal["cascading_pages.FaqPage"]
    answer: str = Field(description="Rendered HTML.")
    category: Term | None
    sort_order: int
    anchor: str


PageDetail = (
    HomePageDetail
    | StandardPageDetail
    | CoachIndexPageDetail
    | CoachPageDetail
    | FaqIndexPageDetail
    | FaqPageDetail
    | GenericPageDetail
)


class PageList(Schema):
    count: int = Field(description="How many pages match, across every page of results.")
    items: list[PageSummary]


class FaqList(Schema):
    index: PageLink | None = Field(description="The FAQ index page the entries come from.")
    groups: list[FaqGroup]


# -- Forms ---------------------------------------------------------------------------------------

FieldType = Literal[
    "singleline", "multiline", "email", "url", "number", "date", "datetime", "checkbox",
    "checkboxes", "dropdown", "multiselect", "radio", "hidden", "coach",
]  # fmt: skip


class Choice(Schema):
    value: str = Field(description="What to send back for this choice.")
    label: str
    url: str | None = Field(None, description="For a coach: their profile page's path.")


class FormField(Schema):
    name: str = Field(description="The key to send the answer under.")
    label: str
    type: FieldType = Field(
        description="`checkbox` is sent as true or false; `checkboxes` and `multiselect` as a list of "
        "choice values; `coach` as one of the choices' values (a coach's id); everything else as a string."
    )
    required: bool
    help_text: str
    max_length: int | None = Field(None, description="The longest answer accepted, in characters.")
    choices: list[Choice] = Field(description="Empty unless the field offers choices.")
    initial: str | bool | list[str] | None = Field(None, description="The editor's default answer, if any.")


class FormDescription(Schema):
    """Everything a front end needs to render the form; the same for every visitor, so cacheable."""

    id: int
    title: str
    introduction: str
    privacy_notice_url: str | None = Field(description="The page the consent question links to.")
    fields: list[FormField] = Field(description="In the order the HTML form asks them.")
    reply_within_working_days: int = Field(
        description="For the thank-you message: how soon the leader will hear from their coach or the team."
    )
    thank_you_text: str = Field(description="Rendered HTML the editors wrote for the thank-you message.")


class Received(Schema):
    """All a submission's answer says: none of what the leader sent comes back."""

    received: Literal[True]
    reference: str = Field(
        description="The submission's reference: the `submission_token` that was sent, or one made for it. "
        "Sending the same answers with it again answers the same reference and stores nothing new."
    )


# -- The coach directory -------------------------------------------------------------------------


class CoachMatch(Schema):
    """Where the search words appear in a coach's profile."""

    field: Literal["summary", "biography", "coaching_approach", "expertise"] = Field(
        description="The part of the profile the snippet comes from: the one holding most of the words."
    )
    label: str = Field(description="That part's name for people, e.g. `Biography`.")
    snippet: str = Field(
        description="HTML: at most about 200 characters of that text (all of a summary), escaped, with each "
        "matched word in `<mark>`…`</mark>`; `…` where it was cut. Insert it as HTML: it holds no other "
        "markup. A word matches in any of its forms (`recruiting` for `recruitment`) or one letter off."
    )


class CoachCard(Schema):
    """What a directory card shows about a coach."""

    id: int
    name: str
    url: str = Field(description="The coach's profile page; `/api/v1/coaches/{id}/` has its fields.")
    role: str
    organisation: str
    summary: str
    availability: Availability
    accepting_new_leaders: bool
    available_again_on: date | None = Field(
        description="When a paused coach expects to take leaders again, if they said."
    )
    photo: Photo | None
    regions: list[Term]
    recommended: bool = Field(
        description="Editors promoted this coach for these words (Promoted search results): with best "
        "match order it comes first, on the first page only, and is not listed again further down. "
        "Show it marked as recommended. Only a coach the directory lists with these filters is "
        "promoted: never a draft, unpublished or private one.",
    )
    match: CoachMatch | None = Field(
        description="With search words: why this coach was listed, a snippet of their profile with the "
        "words marked. Null without words, or when only their name, organisation or role matched."
    )


class CoachProfile(CoachFields):
    """One coach's public profile: everything their profile page shows."""

    id: int
    name: str
    slug: str
    url: str = Field(description="The profile page's path on the site.")
    directory: PageLink | None = Field(description="The directory the coach is listed in.")
    last_published_at: datetime | None


class FacetOption(Schema):
    value: str = Field(description="What to send for this option, e.g. `region=london`.")
    label: str
    count: int = Field(
        description="How many coaches choosing this option would give, counted with the search words and "
        "every other filter (but not this facet's own choices)."
    )
    selected: bool = Field(description="Whether the request chose this option.")


class Facet(Schema):
    name: str = Field(description="The query parameter this facet sets, e.g. `region`.")
    label: str
    options: list[FacetOption] = Field(description="Every term of the vocabulary, in the editors' order.")


class Suggestion(Schema):
    """A way out of an empty result: leave out one filter to see ``count`` coaches."""

    label: str = Field(description="What to leave out, e.g. `region` or `your search words`.")
    count: int
    query: str = Field(description="The query string without it, e.g. `?q=governance`.")


class CoachList(Schema):
    directory: PageLink = Field(description="The directory searched.")
    count: int = Field(description="How many coaches match, across every page of results.")
    page: int = Field(description="This page's number, from 1.")
    num_pages: int
    query: str = Field(description="The search words as used: punctuation and engine syntax removed.")
    corrected_query: str | None = Field(
        description="A spelling correction of the search words, from the words of the directory's "
        'coaches; null when none is needed. Offered as "Did you mean", or already used (see '
        "`correction_applied`)."
    )
    correction_applied: bool = Field(
        description="The words as typed found nobody, so the results (and `query`) are the "
        "correction's. Ask again with `exact=1` for the words as typed."
    )
    sort: Literal["relevance", "name", "updated"] = Field(
        description="The order used: `relevance` needs search words; without them the default is `name`."
    )
    notice: str | None = Field(
        description="Set when the search engine could not answer as usual (results came from a simpler "
        "search, or the words were left out): show it to the leader."
    )
    truncated: bool = Field(
        description="The words matched more than `max_matches` coaches: only the best matches are counted."
    )
    max_matches: int
    partial_matches: bool = Field(
        description="Some coaches listed match only most of the search words (three of four, say): they "
        "come after every coach matching all of them. Only with three words or more."
    )
    items: list[CoachCard]
    facets: list[Facet]
    suggestions: list[Suggestion] = Field(
        description="When nothing matches: each filter that, left out, would give some coaches."
    )


class CoachName(Schema):
    """A coach offered while a leader types: enough to show the name and go to the profile."""

    id: int
    name: str
    url: str = Field(description="The coach's profile page; `/api/v1/coaches/{id}/` has its fields.")


class CoachNameSuggestions(Schema):
    directory: PageLink = Field(description="The directory whose coaches are suggested.")
    suggestions: list[CoachName] = Field(
        description="At most eight of its coaches, best match first; empty when the words match nobody."
    )


# -- The site-wide search ------------------------------------------------------------------------


class SearchResult(Schema):
    """One page found, as the site's search page shows it."""

    id: int = Field(description="The page's id: `/api/v1/pages/{id}/` has its fields.")
    title: str
    type: str = Field(
        description="What kind of page it is, in words for a leader: `Coach`, `FAQ`, `Form` or `Page`. "
        "(Not the page type label that `/api/v1/pages/` calls `type`.)"
    )
    url: str = Field(description="The page's path on the site.")
    description: str = Field(
        description="A line or two of public text: a coach's summary, the opening of an FAQ answer, a "
        "page's introduction. May be empty."
    )
    recommended: bool = Field(
        description="Editors promoted this page for these words (Promoted search results): it comes "
        "first, before the best matches, on the first page only, and is not listed again further down. "
        "Show it marked as recommended."
    )


class SearchResults(Schema):
    query: str = Field(
        description="The words searched for: punctuation and engine syntax removed. Empty when nothing "
        "was searched (no words given), and then `items` is empty. The correction's words when "
        "`correction_applied`."
    )
    corrected_query: str | None = Field(
        description="A spelling correction of the search words, from the words of the pages a visitor "
        'may find; null when none is needed. Offered as "Did you mean" (when it would find clearly more '
        "pages than the words as typed), or already used (see `correction_applied`)."
    )
    correction_applied: bool = Field(
        description="The words as typed found nothing, so the results (and `query`) are the "
        "correction's. Ask again with `exact=1` for the words as typed."
    )
    count: int = Field(description="How many pages match, across every page of results.")
    page: int = Field(description="This page's number, from 1.")
    num_pages: int
    notice: str | None = Field(
        description="Set when the search engine could not answer as usual (the results came from a "
        "simpler search): show it to the leader."
    )
    truncated: bool = Field(
        description="The words matched more than `max_matches` pages: only the best matches are counted."
    )
    max_matches: int
    items: list[SearchResult] = Field(description="Best match first.")
