"""The screens changed for "Editors and coaches in the admin", in a real browser: the interest form,
the directory on a phone, and the programme team's list of expressions of interest."""

import json
import uuid

import pytest

from tests.browser.conftest import admin_login, manage
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_journeys import fill_interest_form

BLOCKING = {"serious", "critical"}


def assert_no_axe_violations(page, name):
    violations = axe_violations(page)
    assert violations == [], (name, violations)


def stored_answers(site_env, email):
    """The answers kept for the submission sent from ``email``, read from the demo site's database."""
    code = (
        "import json; from cascading_pages.interest.models import ExpressionOfInterest as E; "
        f"print(json.dumps(E.objects.get(email={email!r}).form_data))"
    )
    return json.loads(manage(site_env, "shell", "-c", code).strip().splitlines()[-1])


def test_a_leader_reads_who_can_apply_skips_an_optional_question_and_it_is_stored_blank(
    live_site, page, site_env, screenshot
):
    page.goto(live_site + "/register-interest/")
    who = page.locator(".who-can-apply")
    assert "less than £500,000" in who.inner_text()
    first_question = page.get_by_label("Your name")
    assert who.bounding_box()["y"] < first_question.bounding_box()["y"], "stated before the form"

    heard = page.get_by_label("How did you hear about Cascading Leadership?")
    assert heard.input_value() == "", "the optional drop-down starts blank"

    bursary = page.locator("#bursary-questions")
    assert bursary.is_hidden(), "bursary questions hidden until asked for"
    page.get_by_label("I would like to apply for a bursary").check()
    assert bursary.is_visible()
    assert page.get_by_label("I have not received leadership support before").is_visible()
    screenshot(page, "1-bursary-asked-for")
    assert_no_axe_violations(page, "form with bursary questions")
    page.get_by_label("My organisation will pay the £800").check()
    assert bursary.is_hidden()

    email = f"leader.{uuid.uuid4().hex[:8]}@example.org"
    fill_interest_form(page, email=email)
    page.get_by_label("The coach you would most like to work with").select_option(label="Amara Okafor")
    screenshot(page, "2-filled-in")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my expression of interest").click()
    assert "Thank you" in page.content()
    assert stored_answers(site_env, email)["how_did_you_hear_about_cascading_leadership"] == ""


def test_a_leader_on_a_phone_reaches_the_first_coach_in_one_screen_and_lands_on_the_results(
    live_site, browser, screenshot
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_site + "/coaches/")
    screenshot(page, "1-phone-directory")
    first_coach = page.locator(".coach-list > li").first
    assert first_coach.bounding_box()["y"] < 844, "the first coach is on the first screen"
    assert page.locator("#region-london").is_hidden(), "the filters wait behind “Filter”"
    assert_no_axe_violations(page, "directory on a phone")

    page.get_by_text("Filter", exact=True).click()
    page.locator("#region-london").check()
    screenshot(page, "2-filters-open")
    page.get_by_label("Search by name, organisation or topic").fill("strategy")
    with page.expect_navigation():
        page.get_by_role("button", name="Show coaches").click()
    assert page.url.endswith("#results")
    heading = page.get_by_role("heading", name="Coaches", exact=True)
    box = heading.bounding_box()
    assert 0 <= box["y"] < 844, f"the results heading is in view ({box})"
    assert page.evaluate("document.activeElement.id") == "results"
    assert page.locator(".filter-disclosure__chosen").inner_text() == "(1 chosen)"
    screenshot(page, "3-after-search")
    assert_no_axe_violations(page, "directory after a search on a phone")
    context.close()


def test_the_filters_show_beside_the_results_on_a_desktop(live_site, page, screenshot):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(live_site + "/coaches/")
    assert page.locator("#region-london").is_visible(), "the disclosure opens itself on a wide screen"
    assert page.locator("#filters").bounding_box()["x"] < page.locator(".coach-list").bounding_box()["x"]
    screenshot(page, "desktop-directory")
    assert_no_axe_violations(page, "directory on a desktop")


def send_interest(site_env, *, leader, email, coach="Amara Okafor"):
    """A leader's expression of interest, received as the form would receive it, from an address of
    its own (the browser tests' own sends share 127.0.0.1 and its rate limit)."""
    code = (
        "import random; "
        "from cascading_pages.coaches.models import CoachPage; "
        "from cascading_pages.interest.pages import ExpressionOfInterestPage; "
        "from tests.factories import interest_answers; "
        "page = ExpressionOfInterestPage.objects.live().get(); "
        f"coach = CoachPage.objects.get(title={coach!r}); "
        f"answers = interest_answers(coach, leader_name={leader!r}, email={email!r}); "
        "outcome = page.receive_submission(answers, f'198.51.100.{random.randint(1, 254)}'); "
        "print(outcome.accepted)"
    )
    assert manage(site_env, "shell", "-c", code).strip().splitlines()[-1] == "True"


def test_the_team_filters_opens_and_decides_a_submission_at_1400_px(live_site, site_env, browser, screenshot):
    tag = uuid.uuid4().hex[:6]
    send_interest(site_env, leader=f"Nadia {tag}", email=f"nadia.{tag}@example.org")
    send_interest(site_env, leader=f"Owen {tag}", email=f"owen.{tag}@example.org")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    admin_login(page, live_site)
    page.goto(live_site + "/admin/cascading_pages/expressionofinterest/")

    # The filters sit beside the list and cover none of it.
    table = page.locator("table.listing.full-width").bounding_box()
    filters = page.locator(".interest-list__filters").bounding_box()
    assert table["x"] + table["width"] <= filters["x"], (table, filters)
    assert page.get_by_role("columnheader", name="Emails").is_visible()
    aside = page.locator(".interest-list__filters")
    assert aside.get_by_role("link", name="Amara Okafor", exact=True).count() == 1, "each coach once"
    screenshot(page, "1-list")
    assert_no_axe_violations(page, "expressions of interest list")

    aside.get_by_role("link", name="Amara Okafor", exact=True).click()
    page.wait_for_url("**coach=*")
    aside.get_by_role("link", name="Coach emailed").click()
    page.wait_for_url("**progress=coach-emailed*")
    row = page.locator("tbody tr", has_text=f"Nadia {tag}")
    assert "Coach emailed" in row.inner_text()
    screenshot(page, "2-filtered")

    row.get_by_role("link", name="Edit").click()
    page.wait_for_url("**/edit/**")
    answers = page.locator(".interest-answers")
    decision = page.get_by_label("Status")
    assert "Riverside Wellbeing" in answers.inner_text()
    assert answers.bounding_box()["x"] + answers.bounding_box()["width"] <= decision.bounding_box()["x"], (
        "the answers are beside the decision"
    )
    screenshot(page, "3-decision-screen")
    assert_no_axe_violations(page, "decision screen")
    decision.select_option(label="Coaching started")
    page.get_by_label("Team notes").fill("First session booked.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/expressionofinterest/")
    assert "Coaching started" in page.locator("tbody tr", has_text=f"Nadia {tag}").inner_text()

    # Several at once: select, choose a status, confirm.
    page.goto(live_site + f"/admin/cascading_pages/expressionofinterest/?q={tag}")
    page.get_by_label(f"Select Nadia {tag}").check()
    page.get_by_label(f"Select Owen {tag}").check()
    page.get_by_role("button", name="Change status of selected…").click()
    page.wait_for_url("**/bulk-status/**")
    assert "You are changing the status of 2 expressions of interest" in page.content()
    page.get_by_label("New status").select_option(label="Withdrawn")
    screenshot(page, "4-bulk-confirm")
    assert_no_axe_violations(page, "bulk status change")
    page.get_by_role("button", name="Change status of 2").click()
    page.wait_for_url("**/expressionofinterest/")
    assert "2 expressions of interest set to “Withdrawn”." in page.content()
    screenshot(page, "5-after-bulk")
    context.close()


def test_the_team_reads_take_up_for_a_period_and_opens_the_counted_list(
    live_site, site_env, browser, screenshot
):
    tag = uuid.uuid4().hex[:6]
    send_interest(site_env, leader=f"Pia {tag}", email=f"pia.{tag}@example.org")
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    admin_login(page, live_site)
    page.goto(live_site + "/admin/take-up/")
    page.get_by_label("Received from").fill("2000-01-01")
    page.get_by_label("to", exact=True).fill("1999-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert page.get_by_text("The last date must be on or after the first.").is_visible()
    screenshot(page, "1-period-error")
    assert_no_axe_violations(page, "take-up overview with an error")

    month_ago = page.evaluate("new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10)")
    page.get_by_label("Received from").fill(month_ago)
    page.get_by_label("to", exact=True).fill(page.evaluate("new Date().toISOString().slice(0, 10)"))
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert page.get_by_text("Counts of expressions of interest received from").is_visible()
    coach_table = page.locator("section", has=page.get_by_role("heading", name="per first-choice coach"))
    assert coach_table.get_by_role("columnheader", name="First-choice coach").is_visible()
    screenshot(page, "2-period")
    assert_no_axe_violations(page, "take-up overview for a period")
    coach_table.locator("tr", has_text="Amara Okafor").get_by_role("link").click()
    page.wait_for_url("**/expressionofinterest/?*")
    assert f"Pia {tag}" in page.content()
    context.close()


def overlaps(one, other):
    """Whether two bounding boxes share any area."""
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def uncovered(page, locator):
    """Whether the element is what a person sees at its centre (nothing else is drawn over it)."""
    locator.scroll_into_view_if_needed()
    return locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
        " return top !== null && (el === top || el.contains(top)); }"
    )


NARROWER = {"tablet": {"width": 1024, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", NARROWER, ids=list(NARROWER))
def test_the_team_reads_and_decides_expressions_of_interest_at_1024_and_390_px(
    live_site, site_env, browser, screenshot, width
):
    tag = uuid.uuid4().hex[:6]
    send_interest(site_env, leader=f"Rhian {tag}", email=f"rhian.{tag}@example.org")
    viewport = NARROWER[width]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    admin_login(page, live_site)
    page.goto(live_site + f"/admin/cascading_pages/expressionofinterest/?q={tag}")
    screenshot(page, f"1-list-{width}")
    assert_no_axe_violations(page, f"expressions of interest list at {width}")

    # A list wider than the screen says so above it, and the cue stays in view as the list scrolls.
    results = page.locator(".interest-list__results")
    hint = page.get_by_text("Scroll sideways to see more columns")
    too_wide = "el => el.scrollWidth > el.clientWidth + 1"
    assert hint.is_visible() == results.evaluate(too_wide), "the cue shows exactly when the list scrolls"
    if width == "phone":
        assert results.evaluate(too_wide), "at 390 px the list is wider than the screen"
        assert hint.inner_text().endswith("→"), "the rest is to the right"
        results.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        page.wait_for_function("() => document.querySelector('[data-scroll-arrow]').textContent === '←'")
        cue = hint.bounding_box()
        assert cue["x"] >= 0 and cue["x"] + cue["width"] <= viewport["width"], "the cue stays in view"
        screenshot(page, f"1-list-scrolled-{width}")
        results.evaluate("el => { el.scrollLeft = 0; }")

    # The list comes first: the filters wait, closed, behind "Filter".
    table = page.locator("table.listing.full-width")
    first_row = page.locator("tbody tr").first.bounding_box()
    assert first_row["y"] + first_row["height"] <= viewport["height"], (
        "the first leader is on the first screen"
    )
    filters = page.locator(".interest-list__filters")
    coach_filter = filters.get_by_role("link", name="Amara Okafor", exact=True)
    assert coach_filter.is_hidden()
    filters.get_by_text("Filter", exact=True).click()
    assert coach_filter.is_visible()
    assert not overlaps(table.bounding_box(), filters.bounding_box()), "the filters cover no column"
    screenshot(page, f"1-list-filters-open-{width}")
    assert_no_axe_violations(page, f"expressions of interest list, filters open, at {width}")
    coach_filter.click()
    page.wait_for_url("**coach=*")
    assert "(1 chosen)" in filters.locator("summary").inner_text()
    assert page.locator("tbody tr", has_text=f"Rhian {tag}").is_visible(), "the list is first again"
    screenshot(page, f"1-list-filtered-{width}")
    for column in ("Leader", "Status", "Emails"):
        header = page.get_by_role("columnheader", name=column)
        assert uncovered(page, header), f"the {column} column can be reached and is not covered"
    row = page.locator("tbody tr", has_text=f"Rhian {tag}")
    assert "New" in row.inner_text() or "Coach emailed" in row.inner_text()
    for button in ("Inspect", "Edit"):
        words_fit = "el => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1"
        assert row.get_by_role("link", name=button).evaluate(words_fit), f"“{button}” fits its button"
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= viewport["width"], "the page itself does not scroll sideways"
    assert_no_axe_violations(page, f"expressions of interest list, filtered, at {width}")

    row.get_by_role("link", name="Edit").click()
    page.wait_for_url("**/edit/**")
    screenshot(page, f"2-decision-{width}")
    answers = page.locator(".interest-answers")
    status = page.get_by_label("Status")
    assert "Riverside Wellbeing" in answers.inner_text()
    assert not overlaps(answers.bounding_box(), status.bounding_box())
    assert uncovered(page, status), "the status can be reached and is not covered"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_no_axe_violations(page, f"decision screen at {width}")
    context.close()
