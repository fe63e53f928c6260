"""A coach's own tools in a real browser: availability that applies at once, and answering leaders
on a phone. Each changed screen is checked with axe and photographed for a person to look at."""

import re

from tests.browser.conftest import accept_invitation, admin_login, coach_page_id, sent_emails
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_journeys import fill_interest_form

PASSWORD = "a long coach passphrase 73"


def coach_logs_in(browser, live_site, site_env, slug, email, viewport):
    """Invite the coach of ``slug`` as ``email``, set their password from the email, log them in."""
    coach, page_id = accept_invitation(browser, live_site, site_env, slug, email, PASSWORD, viewport)
    admin_login(coach, live_site, email, PASSWORD)
    return coach, page_id


def accepting_names(page, live_site):
    page.goto(live_site + "/coaches/?accepting=1")
    return page.locator(".coach-card__name").all_inner_texts()


def test_a_coach_who_says_full_leaves_the_accepting_directory_at_once(
    live_site, site_env, browser, page, screenshot
):
    assert any("Bethan Llewellyn" in name for name in accepting_names(page, live_site))

    coach, _ = coach_logs_in(
        browser, live_site, site_env, "bethan-llewellyn", "bethan@example.org", {"width": 1280, "height": 900}
    )
    coach.goto(live_site + "/admin/coach-accounts/my-availability/")
    assert axe_violations(coach) == []
    screenshot(coach, "1-my-availability")
    coach.get_by_label("Full: not taking new leaders").check()
    coach.get_by_role("button", name="Save my availability").click()
    coach.wait_for_load_state("load")
    assert "because you have said you are full" in coach.content()
    assert axe_violations(coach) == []
    screenshot(coach, "2-saved-full")
    coach.context.close()

    # No editor approved anything: the directory already leaves her out of "accepting".
    names = accepting_names(page, live_site)
    assert names, "other coaches are still accepting"
    assert not any("Bethan Llewellyn" in name for name in names)
    screenshot(page, "3-directory-accepting")


def test_a_coach_answers_a_leader_on_a_phone(live_site, site_env, browser, screenshot):
    phone = {"width": 320, "height": 640}
    # A leader asks for Deepa Sharma.
    leader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    leader.goto(live_site + "/coaches/deepa-sharma/")
    leader.get_by_role("link", name="Register your interest in working with Deepa Sharma").click()
    fill_interest_form(leader, email="grace.phone@example.org")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Send my expression of interest").click()
    leader.context.close()

    # The page behind the link in Deepa's email: the site's own layout, at 320 px too.
    # The email links to the site's own address: the same path is opened on the test server.
    link = live_site + next(
        match.group(1)
        for text in reversed(sent_emails(site_env))
        for match in [re.search(r"https?://[^/\s]+(/coach-response/\S+/)", text)]
        if match
    )
    emailed = browser.new_context(viewport=phone).new_page()
    emailed.goto(link)
    assert "Please answer by" in emailed.content()
    assert emailed.evaluate("getComputedStyle(document.querySelector('.button')).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    ), "styled by the site's stylesheet"
    assert emailed.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(emailed) == []
    screenshot(emailed, "1-emailed-link")
    emailed.context.close()

    coach, _ = coach_logs_in(browser, live_site, site_env, "deepa-sharma", "deepa@example.org", phone)
    coach.goto(live_site + "/admin/coach-accounts/my-leaders/")
    assert "Answer by" in coach.content()
    answer = coach.get_by_role("link", name="Answer Grace Mbeki")
    box = answer.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, "the button is on screen"
    assert axe_violations(coach) == []
    screenshot(coach, "2-my-leaders")

    answer.click()
    coach.wait_for_load_state("load")
    assert "Please answer by" in coach.content()
    send = coach.get_by_role("button", name="Send my answer")
    box = send.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 320
    assert axe_violations(coach) == []
    screenshot(coach, "3-answer")
    coach.get_by_label("Accept: I will coach them").check()
    send.click()
    coach.wait_for_load_state("load")
    assert "You have accepted Grace Mbeki" in coach.content()
    screenshot(coach, "4-accepted")
    coach.context.close()


def test_an_editor_manages_a_coach_from_the_top_of_their_page(live_site, site_env, page, screenshot):
    admin_login(page, live_site)
    page.goto(f"{live_site}/admin/pages/{coach_page_id(site_env, 'amara-okafor')}/edit/")
    panel = page.locator("[data-coach-management]")
    assert "No login yet" in panel.inner_text()
    assert panel.get_by_role("link", name="Invite coach").is_visible()
    # The whole editor is Wagtail's; the panel this project adds has no violation at all.
    assert axe_violations(page, context="[data-coach-management]") == []
    screenshot(page, "1-coach-panel")

    panel.get_by_role("link", name="Availability").click()
    page.wait_for_load_state("load")
    assert "Their availability" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "2-availability-for-the-coach")
