"""One programme site with something of every kind, public and private, for the API tests."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from tests.factories import (
    add_page,
    make_coach,
    make_directory,
    make_faq,
    make_faq_index,
    make_home,
    make_image,
    make_interest_page,
    make_standard_page,
)

#: Values that exist in the database and must never appear in any API answer.
#: Headers of a front end the page cache does not answer (it never answers a request with an
#: ``Authorization`` header): what a test counts is the work of answering.
ANSWERED_AFRESH = {"HTTP_AUTHORIZATION": "Bearer front-end"}

SECRETS = (
    "amara.private@example.org",
    "Met at the spring conference; prefers phone.",
    "amara-login",
    "Unpublished bursary changes",
    "Trustees only",
    "Leader Private",
    "leader.private@example.org",
    "Hidden Harbour Trust",
    "Hoping to steady our board after a hard year.",
)


def build_programme_site():
    site = SimpleNamespace()
    site.home = make_home(introduction="Peer coaching for VCS leaders.")
    site.about = make_standard_page(site.home, title="About the programme", slug="about", show_in_menus=True)
    site.draft = make_standard_page(site.home, live=False, title="Unpublished bursary changes", slug="draft")
    site.private = make_standard_page(site.home, title="Trustees only", slug="trustees")
    PageViewRestriction.objects.create(page=site.private, restriction_type=PageViewRestriction.LOGIN)
    site.directory = make_directory(site.home, introduction="Volunteer coaches.")
    site.photo = make_image(title="Amara Okafor", description="Amara smiling, in a green jacket")
    site.account = get_user_model().objects.create_user("amara-login", "amara.login@example.org", "pw")
    site.coach = make_coach(
        site.directory,
        title="Amara Okafor",
        slug="amara-okafor",
        photo=site.photo,
        contact_email="amara.private@example.org",
        internal_notes="Met at the spring conference; prefers phone.",
        account=site.account,
        regions=["London", "South East"],
        expertise=["Strategy and planning"],
        languages=["English", "Yoruba"],
        biography=f'<p>Ask me about <a linktype="page" id="{site.about.pk}">the programme</a>.</p>',
    )
    site.draft_coach = make_coach(site.directory, live=False, title="Draft Coach")
    site.home.body = [
        ("heading", "How does it work?"),
        ("text", f'<p>Read <a linktype="page" id="{site.about.pk}">about us</a>.</p>'),
        (
            "call_to_action",
            {"heading": "Find out more", "link_page": site.about, "link_label": "About"},
        ),
        (
            "call_to_action",
            {"heading": "Not yet", "link_page": site.draft, "link_url": "", "link_label": "Soon"},
        ),
        ("quote", {"quote": "Time and space to reflect.", "attribution": "A participant"}),
        ("key_facts", {"heading": "At a glance", "facts": [{"value": "£800", "label": "cost"}]}),
    ]
    site.home.save_revision().publish()
    site.faq_index = make_faq_index(site.home, introduction="Answers.")
    site.faq_cost_2 = make_faq(site.faq_index, category="Cost", title="Are there bursaries?", sort_order=2)
    site.faq_cost_1 = make_faq(site.faq_index, category="Cost", title="How much does it cost?", sort_order=1)
    site.faq_other = make_faq(site.faq_index, category="Eligibility", title="Who can apply?")
    site.faq_other.category.sort_order = 5
    site.faq_other.category.save()
    site.draft_faq = add_page(site.faq_index, _faq("Unpublished bursary changes"), live=False)
    site.privacy = make_standard_page(site.home, title="Privacy notice", slug="privacy-notice")
    site.form = make_interest_page(
        site.home,
        introduction="Tell us which coach you would like to work with.",
        privacy_notice=site.privacy,
        thank_you_text=f'<p>Questions? Read <a linktype="page" id="{site.about.pk}">about us</a>.</p>',
        extra_questions=[
            {"label": "Sector", "field_type": "dropdown", "choices": "Health\nCare", "required": True},
            {
                "label": "Anything else",
                "field_type": "multiline",
                "required": False,
                "default_value": "Nothing yet",
            },
        ],
    )
    outcome = site.form.receive_submission(
        {**LEADER_ANSWERS, "first_choice_coach": str(site.coach.pk)}, client_ip="192.0.2.1"
    )
    assert outcome.submission is not None, outcome.form.errors
    site.submission = outcome.submission
    return site


#: A leader's answers to the form; stored by ``build_programme_site``, never to be seen again publicly.
LEADER_ANSWERS = {
    "leader_name": "Leader Private",
    "email": "leader.private@example.org",
    "role": "Chair",
    "organisation": "Hidden Harbour Trust",
    "income_band": "under-50k",
    "hopes": "Hoping to steady our board after a hard year.",
    "payment": "organisation",
    "sector": "Care",
    "privacy_consent": "on",
}


def _faq(title):
    from cascading_pages.faqs.models import FaqPage

    return FaqPage(title=title, slug="unpublished-faq", answer="<p>Draft.</p>")
