"""The programme's own public text (from the programme team's seed copy), as demo page content.

Rich text is stored as Wagtail rich text HTML; StreamField bodies as (block type, value) pairs.
"""

HOME = {
    "title": "Cascading Leadership",
    "introduction": (
        "Cascading Leadership is a peer-to-peer coaching support offer, funded by The National "
        "Lottery Community Fund, that has worked with more than 200 voluntary and community sector "
        "(VCS) leaders since 2016."
    ),
    "body": [
        (
            "key_facts",
            {
                "heading": "The programme at a glance",
                "facts": [
                    {"value": "5", "label": "one-to-one sessions, around five in all"},
                    {"value": "5–8 months", "label": "over which the sessions take place"},
                    {"value": "£800", "label": "the cost, with bursaries for those who need them"},
                    {"value": "200+", "label": "VCS leaders coached since 2016"},
                ],
            },
        ),
        ("heading", "What is Cascading Leadership?"),
        (
            "text",
            (
                "<p>Through one-to-one coaching sessions, Cascading Leadership supports VCS leaders to "
                "tackle challenging issues more effectively, be more strategic, strengthen relationships "
                "both internally and in the wider health and care system, combat the isolation felt by "
                "many leaders, and build confidence and resilience.</p>"
            ),
        ),
        ("heading", "How does it work?"),
        (
            "text",
            (
                "<p>Cascading Leadership coaches will offer around five one-to-one sessions over a period "
                "of five to eight months to new or emerging leaders wanting support. They can also work "
                "with more experienced leaders who are seeking a positive critical-peer perspective. "
                "During the months they are delivering this support, coaches are supervised by senior "
                "leadership consultants at The King’s Fund. Coaching sessions are currently undertaken "
                "remotely and at a time mutually convenient to both parties.</p>"
                "<p>We are keen to ensure funding is not a barrier to participating and you may be able "
                "to access some help towards the costs.</p>"
            ),
        ),
        (
            "call_to_action",
            {
                "heading": "Find your coach",
                "text": (
                    "Browse the directory of coaches to identify which coach you would be most "
                    "interested in working with, and complete our online form to register your "
                    "expression of interest."
                ),
                "link_label": "Browse the coach directory",
                "link_target": "directory",
            },
        ),
        ("heading", "What difference can coaching support make?"),
        (
            "text",
            (
                "<p>In a constantly changing environment, VCS leaders need to build flexible and "
                "resilient organisations and strong partnerships, be outward facing and solution "
                "focused. Cascading Leadership can not only help leaders to strengthen their "
                "organisations but also enable them to work more collaboratively, more strategically and "
                "have more impact across the health and care system.</p>"
                "<p>Cascading Leadership, which has been externally evaluated, has strengthened "
                "organisations in the health and social care sectors by supporting and developing "
                "effective leadership. Past participants say they have been able to tackle challenging "
                "issues more effectively, and feel they can make stronger, more strategic decisions. "
                "They also feel more confident and less isolated.</p>"
                "<p>Although the intervention is relatively modest and time-bound, participants feel "
                "the benefits over the longer term, saying they could think and act more strategically "
                "long after their coaching support had formally ended.</p>"
            ),
        ),
        (
            "quote",
            {
                "quote": (
                    "…pioneering, operating as it does within the nexus of individual and organisation… "
                    "and offers an authoritative way of building leadership in complex systems and "
                    "challenging contexts."
                ),
                "attribution": "m2, the programme’s external evaluators",
            },
        ),
    ],
}

ABOUT = {
    "title": "About the programme",
    "slug": "about",
    "introduction": (
        "Cascading Leadership is peer-to-peer coaching for leaders of small voluntary and "
        "community sector health and wellbeing organisations."
    ),
    "body": [
        ("heading", "Who are Cascading Leadership coaches?"),
        (
            "text",
            (
                "<p>All Cascading Leadership coaches are leaders from Voluntary and Community Sector "
                "(VCS) organisations so they understand how challenging running a community-based "
                "organisation can be. They have all been trained by The King’s Fund, which means they "
                "are skilled and consistent in their approach. Coaches are supervised by The King’s "
                "Fund throughout the coaching process to ensure they can offer the most useful "
                "approaches and continue to learn what is effective.</p>"
            ),
        ),
        ("heading", "Outcomes for participants and coaches"),
        (
            "text",
            (
                "<p>The Cascading Leadership programme has been externally evaluated by specialist "
                "evaluation and learning partner m2 at all stages of its development. Evaluations have "
                "consistently reported that individuals taking part, their organisations and the wider "
                "VCS sector benefit from Cascading Leadership coaching.</p>"
                "<p>Both Cascading Leadership coaches and participants highlight the critical "
                "importance of time and space to reflect.</p>"
            ),
        ),
        ("heading", "What is The King’s Fund’s role?"),
        (
            "text",
            (
                "<p>The King’s Fund’s role is to connect leaders and coaches (by creating this "
                "platform), to retain an overview of take up, and, together with the sector, find a "
                "sustainable future. It is not involved in directly matching leaders with a coach or in "
                "troubleshooting issues that may arise.</p>"
                "<p>The National Lottery Community Fund has generously supported the programme to date "
                "and provided the resources to create this coaching platform. It is not responsible for "
                "its implementation.</p>"
            ),
        ),
    ],
}

COST = {
    "title": "Cost and bursaries",
    "slug": "cost-and-bursaries",
    "introduction": "The cost of the coaching programme is £800.",
    "body": [
        (
            "text",
            (
                "<p>The cost of the coaching programme is £800. This recognises the time and commitment "
                "the coaches put in and is a payment to their organisations, not a personal fee. None of "
                "the cost comes to The King’s Fund, and it does not cover the cost of The King’s Fund "
                "supervision for the coaches.</p>"
            ),
        ),
        ("heading", "If your organisation is unable to fund the coaching sessions"),
        (
            "text",
            (
                "<ul>"
                "<li>There are a small number of bursaries available from The King’s Fund, generously "
                "funded by The National Lottery Community Fund, for those organisations that are unable "
                "to pay. These are available to organisations with an annual turnover of less than "
                "£150,000, those working with ethnic minority communities or other under-represented "
                "groups and leaders who have not received leadership support before.</li>"
                "<li>If your organisation is receiving funding from a grant-making charity you could "
                "ask if they have funds available to support this type of development of the "
                "organisations they fund. Many funders are willing to do this.</li>"
                "<li>If you have been told about this opportunity by a funder, it is likely that they "
                "have already agreed to cover the cost of you taking part.</li>"
                "</ul>"
                "<p>If you can pay for the coaching sessions, please do so to allow those who need it to "
                "benefit from the limited bursary scheme.</p>"
            ),
        ),
    ],
}

PRIVACY = {
    "title": "Privacy notice",
    "slug": "privacy-notice",
    "show_in_menus": False,
    "introduction": "How we use the information you give us when you register an expression of interest.",
    "body": [
        (
            "text",
            (
                "<p>When you register an expression of interest we keep your name, contact details, "
                "your organisation’s details and your answers to the form. We use them only to put you "
                "in touch with the coach you chose, to arrange how the coaching is paid for, and to keep "
                "an anonymous overview of take-up of the programme.</p>"
                "<p>We share your details with the coach or coaches you chose, and with nobody else. "
                "We keep them for as long as the programme needs them and then anonymise them. You may "
                "ask at any time for a copy of what we hold about you, or for it to be erased.</p>"
            ),
        ),
    ],
}

FAQ_INDEX = {
    "title": "Frequently asked questions",
    "slug": "faqs",
    "introduction": "Answers to the questions leaders most often ask about Cascading Leadership.",
}

FAQ_CATEGORIES = [
    ("About the programme", 1),
    ("Coaches and coaching", 2),
    ("Cost and bursaries", 3),
]

FAQS = [
    {
        "title": "Who is Cascading Leadership for?",
        "category": "About the programme",
        "sort_order": 1,
        "answer": (
            "<p>Cascading Leadership is aimed at leaders of health and wellbeing organisations with "
            "an annual income of less than £500,000 who would like support in leading their "
            "organisations.</p>"
            "<p>Cascading Leadership works to a particular coaching model that asks leaders to ‘go "
            "below the surface’, so we welcome applications from those who wish to dig deep, "
            "reflect on their practice and find their own solutions. Coaches are trained to help "
            "leaders do this, but they are not there to do the work for them. They will not deliver "
            "a funding strategy, for example, or develop a business plan, but they can help leaders "
            "work out what’s causing the problem or why they feel stuck, and what they might be able "
            "to do differently to find a way through. From our experience, we know that "
            "participants who are prepared to work in this way get the most from participating in "
            "the programme. Cascading Leadership can offer a unique opportunity to help VCS leaders "
            "provide clear direction within their organisation, recognise and build the strengths "
            "of their staff and volunteers, work effectively with their board and, importantly, "
            "increase their impact across the health and care systems.</p>"
            "<p>If you are a leader who has previously faced barriers in accessing this type of "
            "support because of cost, opportunity or access, we particularly encourage you to "
            "apply. Coaches are especially keen to work with leaders from VCS organisations working "
            "with the most disadvantaged communities, in areas with traditionally poor health "
            "outcomes, and those led by and for people from ethnic minority communities, people who "
            "are disabled, women, older people, and people from LGBTQ+ communities.</p>"
        ),
    },
    {
        "title": "What difference can coaching support make?",
        "category": "About the programme",
        "sort_order": 2,
        "answer": (
            "<p>In a constantly changing environment, VCS leaders need to build flexible and "
            "resilient organisations and strong partnerships, be outward facing and solution "
            "focused. Cascading Leadership can not only help leaders to strengthen their "
            "organisations but also enable them to work more collaboratively, more strategically and "
            "have more impact across the health and care system.</p>"
            "<p>The Cascading Leadership programme, which has been externally evaluated, has "
            "strengthened organisations in the health and social care sectors by supporting and "
            "developing effective leadership. Past participants say they:</p>"
            "<ul><li>have been able to tackle challenging issues more effectively</li>"
            "<li>feel they can make stronger, more strategic decisions</li>"
            "<li>feel more confident and less isolated.</li></ul>"
            "<p>Although the intervention is relatively modest and time-bound, participants feel the "
            "benefits over the longer term, saying they could think and act more strategically long "
            "after the programme had formally ended.</p>"
        ),
    },
    {
        "title": "Outcomes for participants and coaches",
        "category": "About the programme",
        "sort_order": 3,
        "answer": (
            "<p>The Cascading Leadership programme has been externally evaluated by specialist "
            "evaluation and learning partner m2 at all stages of its development. Evaluations have "
            "consistently reported that individuals taking part, their organisations and the wider "
            "VCS sector benefit from Cascading Leadership coaching.</p>"
            "<p>Both Cascading Leadership coaches and participants highlight the critical importance "
            "of time and space to reflect. Given the pressure leaders are under – to deliver their "
            "services, to support staff, to help their organisations to survive – having time away "
            "from pressing actions to think about the wider organisational and sectoral context, and "
            "to consider their own approach to dealing with issues is viewed as both vital and very "
            "helpful. Participants find sessions provide a ‘time out’ to think (in new ways) and "
            "develop strategies to tackle internal organisational challenges, as well as challenges "
            "regarding their own behaviour/outlooks, and their place in the external "
            "environment.</p>"
            "<p>Cascading Leadership is summed up by evaluators m2 as: ‘…pioneering, operating as it "
            "does within the nexus of individual and organisation… and offers an authoritative way "
            "of building leadership in complex systems and challenging contexts.’</p>"
        ),
    },
    {
        "title": "Who are Cascading Leadership coaches?",
        "category": "Coaches and coaching",
        "sort_order": 1,
        "answer": (
            "<p>All Cascading Leadership coaches are leaders from Voluntary and Community Sector "
            "(VCS) organisations so they understand how challenging running a community-based "
            "organisation can be. They have all been trained by The King’s Fund, which means they "
            "are skilled and consistent in their approach. Coaches are supervised by The King’s Fund "
            "throughout the coaching process to ensure they can offer the most useful approaches and "
            "continue to learn what is effective.</p>"
            "<p>Cascading Leadership coaches recognise the challenges of working in complex "
            "environments. They know that Covid-19 has considerably raised the risk of burnout "
            "within the VCS sector and want to give something back. Their strong belief in the value "
            "of the VCS has prompted a generous offer to support their peers, through the Cascading "
            "Leadership coaching offer.</p>"
            "<p>The coach’s role is to help leaders reflect on what stands in their way and/or them "
            "develop their leadership, asking key questions at the right time, in a way that is "
            "supportive and non-judgemental. Participants are offered space to reflect, to question "
            "and to find solutions.</p>"
        ),
    },
    {
        "title": "How much does it cost?",
        "category": "Cost and bursaries",
        "sort_order": 1,
        "answer": (
            "<p>The cost of the coaching programme is £800. This recognises the time and commitment "
            "the coaches put in and is a payment to their organisations, not a personal fee. None of "
            "the cost comes to The King’s Fund, and it does not cover the cost of The King’s Fund "
            "supervision for the coaches.</p>"
            "<p>If your organisation is unable to fund the coaching sessions, there are a number of "
            "ways you could cover the cost:</p>"
            "<ul><li>There are a small number of bursaries available from The King’s Fund, "
            "generously funded by The National Lottery Community Fund, for those organisations that "
            "are unable to pay. These are available to organisations with an annual turnover of "
            "less than £150,000, those working with ethnic minority communities or other "
            "under-represented groups and leaders who have not received leadership support "
            "before.</li>"
            "<li>If your organisation is receiving funding from a grant-making charity you could ask "
            "if they have funds available to support this type of development of the organisations "
            "they fund. Many funders are willing to do this.</li>"
            "<li>If you have been told about this opportunity by a funder, it is likely that they "
            "have already agreed to cover the cost of you taking part.</li></ul>"
            "<p>If you can pay for the coaching sessions, please do so to allow those who need it to "
            "benefit from the limited bursary scheme.</p>"
        ),
    },
    {
        "title": "What is The King’s Fund‘s role?",
        "category": "About the programme",
        "sort_order": 4,
        "answer": (
            "<p>The King’s Fund recognises the importance of the VCS in tackling health inequalities "
            "and influencing the way in which services are commissioned, delivered, and reviewed. It "
            "has developed Cascading Leadership in partnership with independent funders and VCS "
            "representatives and knows that, for the programme to be successful and sustainable, "
            "much of the activity must be led by the leaders themselves.</p>"
            "<p>The King’s Fund’s role is to connect leaders and coaches (by creating this "
            "platform), to retain an overview of take up, and, together with the sector, find a "
            "sustainable future. It is not involved in directly matching leaders with a coach or in "
            "troubleshooting issues that may arise.</p>"
            "<p>The National Lottery Community Fund has generously supported the programme to date "
            "and provided the resources to create this coaching platform. It is not responsible for "
            "its implementation.</p>"
        ),
    },
]

DIRECTORY = {
    "title": "Find a coach",
    "slug": "coaches",
    "introduction": (
        "Browse the directory of coaches below to identify which coach you would be most "
        "interested in working with, and complete our online form to register your expression of "
        "interest."
    ),
}

INTEREST = {
    "title": "Register your interest",
    "slug": "register-interest",
    "show_in_menus": True,
    "introduction": (
        "Found a coach you would like to work with? Tell us a little about you and your organisation "
        "and we will put you in touch. It takes about ten minutes."
    ),
    "reply_within_working_days": 10,
    "thank_you_text": (
        "<p>While you wait, you may like to read our <b>frequently asked questions</b> about how the "
        "coaching works and how it is paid for.</p>"
    ),
    "extra_questions": [
        {
            "label": "How did you hear about Cascading Leadership?",
            "field_type": "dropdown",
            "choices": "A funder\nA colleague or another leader\nThe King’s Fund\nSocial media\nSomewhere else",
            "required": False,
        },
    ],
}

# The demo site's Settings › Programme settings: its inbox, and the follow-up rules at their defaults.
PROGRAMME_SETTINGS = {
    "inbox": "programme@cascading-leadership.invalid",
    "inbox_subject": "New expression of interest",
}
