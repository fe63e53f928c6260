"""One small directory that every backend is tested against.

Five coaches a visitor may see, and four they must never see: a draft, an unpublished coach,
a coach behind a password, and a coach in another site's directory. Each hidden coach shares
the words and terms of a visible one, so a leak would show up in results, counts or suggestions.
"""

from dataclasses import dataclass

from wagtail.models import Page, PageViewRestriction

from cascading_pages.content.models import HomePage
from tests.factories import add_page, make_coach, make_directory, make_home

VISIBLE = ["Amara Okafor", "Bethan Llewellyn", "Chidi Nwosu", "Deepa Patel", "Eilidh Fraser"]
HIDDEN = ["Hidden Draft", "Gone Quiet", "Private Person", "Elsewhere Coach"]


@dataclass
class Scenario:
    home: object
    directory: object
    other_directory: object
    coaches: dict

    #: The directory as JSON, and the names suggested as a leader types: the plugin's API.
    json_url = "/api/v1/coaches/"
    suggest_url = "/api/v1/coaches/suggest/"

    @property
    def url(self):
        return self.directory.url

    def api_params(self, **params):
        """``params`` for the API, asking this scenario's directory by id."""
        return {"directory": self.directory.pk, **params}


def build(engine):
    home = make_home()
    directory = make_directory(home)
    other_home = add_page(Page.get_first_root_node(), HomePage(title="Another site", slug="another-site"))
    other_directory = make_directory(other_home, slug="other-coaches")
    coaches = {
        "Amara Okafor": make_coach(
            directory,
            title="Amara Okafor",
            organisation="Peckham Wellbeing Trust",
            role="Chief executive",
            summary="Twenty years leading mental health services in south London.",
            regions=["London"],
            expertise=["Strategy and planning", "Fundraising"],
            sectors=["Mental health"],
            communities=["Black and minority ethnic communities"],
            languages=["English", "Yoruba"],
            availability="available",
        ),
        "Bethan Llewellyn": make_coach(
            directory,
            title="Bethan Llewellyn",
            organisation="Valleys Elders Network",
            role="Director",
            summary="Runs a befriending charity for older people across the valleys.",
            regions=["Wales"],
            expertise=["Fundraising"],
            sectors=["Older people"],
            languages=["English", "Welsh"],
            availability="limited",
        ),
        "Chidi Nwosu": make_coach(
            directory,
            title="Chidi Nwosu",
            organisation="Lewisham Minds Together",
            role="Founder",
            summary="Built a peer support network for mental health recovery.",
            regions=["London", "South East"],
            expertise=["Governance"],
            sectors=["Mental health"],
            languages=["English", "Igbo"],
            availability="full",
        ),
        "Deepa Patel": make_coach(
            directory,
            title="Deepa Patel",
            organisation="Bolton Youth Voices",
            role="Chief executive",
            summary="Youth work leader who has grown a small charity through two mergers.",
            regions=["North West"],
            expertise=["Strategy and planning", "Governance"],
            sectors=["Young people"],
            communities=["South Asian communities"],
            languages=["English", "Gujarati"],
            availability="available",
        ),
        "Eilidh Fraser": make_coach(
            directory,
            title="Eilidh Fraser",
            organisation="Highland Carers Hub",
            role="Manager",
            summary="Supports unpaid carers of older people in rural Scotland.",
            regions=["Scotland"],
            expertise=["Fundraising"],
            sectors=["Older people"],
            languages=["English"],
            availability="full",
        ),
    }
    hidden_terms = dict(
        regions=["London"],
        expertise=["Fundraising"],
        sectors=["Mental health"],
        languages=["English"],
        summary="Mental health fundraising in London.",
    )
    coaches["Hidden Draft"] = make_coach(directory, live=False, title="Hidden Draft", **hidden_terms)
    gone = make_coach(directory, title="Gone Quiet", **hidden_terms)
    gone.unpublish()
    coaches["Gone Quiet"] = gone
    private = make_coach(directory, title="Private Person", **hidden_terms)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    coaches["Private Person"] = private
    coaches["Elsewhere Coach"] = make_coach(other_directory, title="Elsewhere Coach", **hidden_terms)
    engine.refresh()
    return Scenario(home, directory, other_directory, coaches)
