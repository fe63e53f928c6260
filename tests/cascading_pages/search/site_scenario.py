"""One small site that the site-wide search (``cascading_pages.search.site``) is tested against on
every backend: its host page (tests/search/) and its API (tests/cascading_pages/api/).

Every page mentions the word "lighthouse". Five pages a visitor may see (the home page, two
programme pages, an FAQ entry and a coach) and nine they must never find: a draft, an unpublished
page, a restricted page and a page under it, a draft FAQ entry, a draft coach, a restricted coach,
and a page and a coach of another site. So a search for "lighthouse" lists exactly what a visitor
may see, and any leak shows.

Some words exist only where a visitor must never read them: a coach's private contact email and
internal notes, and a change to a live page still waiting in a draft.
"""

from dataclasses import dataclass

from wagtail.models import Page, PageViewRestriction, Site

from cascading_pages.content.models import HomePage
from cascading_pages.faqs.models import FaqPage
from tests.factories import (
    add_page,
    make_coach,
    make_directory,
    make_faq,
    make_faq_index,
    make_home,
    make_standard_page,
)

WORD = "lighthouse"
VISIBLE = [
    "Cascading Leadership",
    "About the programme",
    "Cost and bursaries",
    "Who can apply?",
    "Amara Okafor",
]
HIDDEN = [
    "Unpublished plans",
    "Gone quiet",
    "Trustees only",
    "Board papers",
    "Draft question?",
    "Hidden Draft",
    "Private Person",
    "Elsewhere page",
    "Elsewhere Coach",
]
#: Words found only in a coach's private fields or in a draft: searching them finds nothing.
PRIVATE_WORDS = {
    "contact email": "quillfeather",
    "internal notes": "zanzibar",
    "a draft change to a live page": "zeppelin",
}
PRIVATE_TEXT = ("quillfeather@example.org", "Met at the zanzibar conference; prefers phone.")
OTHER_HOST = "other.example"


@dataclass
class Scenario:
    home: object
    pages: dict

    def __getitem__(self, title):
        return self.pages[title]


def build(engine):
    home = make_home(
        title="Cascading Leadership",
        introduction="Peer coaching for voluntary sector leaders: a lighthouse for those who lead.",
    )
    pages = {"Cascading Leadership": home}
    pages["About the programme"] = make_standard_page(
        home,
        title="About the programme",
        slug="about",
        introduction="The lighthouse programme pairs leaders of small charities with volunteer coaches.",
    )
    pages["Cost and bursaries"] = make_standard_page(
        home,
        title="Cost and bursaries",
        slug="cost-and-bursaries",
        introduction="What the lighthouse programme costs, and who it is free for.",
        body=[("text", "<p>Bursaries cover the whole fee for the smallest organisations.</p>")],
    )
    faqs = make_faq_index(home)
    pages["Who can apply?"] = make_faq(
        faqs,
        title="Who can apply?",
        slug="who-can-apply",
        answer="<p>Any chief executive of a lighthouse charity &amp; its <b>trustees</b> may apply.</p>"
        "<p>Second paragraph.</p>",
    )
    directory = make_directory(home)
    pages["Amara Okafor"] = make_coach(
        directory,
        title="Amara Okafor",
        slug="amara-okafor",
        summary="A lighthouse for mental health leaders in south London.",
        contact_email="quillfeather@example.org",
        internal_notes="Met at the zanzibar conference; prefers phone.",
    )

    # A change to a live page that nobody has published yet.
    about = pages["About the programme"]
    about.introduction = "A zeppelin of a programme."
    about.save_revision()

    pages["Unpublished plans"] = make_standard_page(
        home, live=False, title="Unpublished plans", introduction="Lighthouse plans."
    )
    gone = make_standard_page(home, title="Gone quiet", introduction="An old lighthouse page.")
    gone.unpublish()
    pages["Gone quiet"] = gone
    trustees = make_standard_page(home, title="Trustees only", introduction="Lighthouse minutes.")
    PageViewRestriction.objects.create(page=trustees, restriction_type=PageViewRestriction.LOGIN)
    pages["Trustees only"] = trustees
    pages["Board papers"] = make_standard_page(trustees, title="Board papers", introduction="Lighthouse.")
    draft_faq = FaqPage(title="Draft question?", slug="draft-question", answer="<p>A lighthouse answer.</p>")
    pages["Draft question?"] = add_page(faqs, draft_faq, live=False)
    pages["Hidden Draft"] = make_coach(directory, live=False, title="Hidden Draft", summary="Lighthouse.")
    private = make_coach(directory, title="Private Person", summary="Lighthouse keeper.")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    pages["Private Person"] = private

    other_home = add_page(Page.get_first_root_node(), HomePage(title="Another site", slug="another-site"))
    Site.objects.create(hostname=OTHER_HOST, port=80, root_page=other_home, site_name="Other")
    pages["Elsewhere page"] = make_standard_page(
        other_home, title="Elsewhere page", introduction="Another lighthouse."
    )
    other_directory = make_directory(other_home, slug="other-coaches")
    pages["Elsewhere Coach"] = make_coach(other_directory, title="Elsewhere Coach", summary="Lighthouse.")
    engine.refresh()
    return Scenario(home, pages)
