"""End-to-end journeys in a real browser: a leader, an editor and a coach, as they would do it."""

import re
import uuid

import pytest

from tests.browser.conftest import accept_invitation, admin_login, admin_page


def fill_interest_form(page, *, email):
    page.get_by_label("Your name").fill("Grace Mbeki")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Your role").fill("Chief executive")
    page.get_by_label("Organisation name").fill("Riverside Wellbeing")
    page.get_by_label("Under £50,000").check()
    page.get_by_label("What do you hope to get from coaching?").fill("Time to think about our strategy.")
    page.get_by_label("My organisation will pay the £800").check()
    page.get_by_label("I have read the privacy notice").check()


def open_action_menu(page):
    """Open the page editor's save/publish menu at the foot of the form."""
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").last.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_leader_finds_a_coach_and_registers_interest(live_site, browser, screenshot, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 390, "height": 844})
    page = context.new_page()
    email = f"grace.{uuid.uuid4().hex[:8]}@example.org"

    page.goto(live_site + "/")
    screenshot(page, "1-home")
    page.get_by_role("link", name="Find a coach").first.click()
    page.wait_for_url("**/coaches/")
    screenshot(page, "2-directory")

    search_box = page.get_by_label("Search by name, organisation or topic")
    if javascript:
        # As the leader types, the box offers coaches' names (from /api/v1/coaches/suggest/).
        search_box.press_sequentially("Ama")
        suggestions = page.locator("#coach-suggestions option")
        suggestions.first.wait_for(state="attached")
        assert suggestions.evaluate_all("options => options.map(o => o.value)") == ["Amara Okafor"]
    search_box.fill("strategy")
    page.get_by_text("Filter", exact=True).click()  # on a phone the filters wait behind "Filter"
    page.locator("#region-london").check()
    page.locator("#expertise-strategy-and-planning").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Show coaches").click()
    assert "region=london" in page.url and "q=strategy" in page.url, "a shareable URL"
    assert page.locator(".result-count").inner_text().strip().startswith("1 coach")
    screenshot(page, "2b-searched-and-filtered")

    page.get_by_role("link", name="Amara Okafor").click()
    page.wait_for_url("**/coaches/amara-okafor/")
    screenshot(page, "3-profile")

    page.get_by_role("link", name="Register your interest in working with Amara Okafor").click()
    coach_choice = page.get_by_label("The coach you would most like to work with")
    assert coach_choice.evaluate("el => el.options[el.selectedIndex].text").startswith("Amara Okafor")

    fill_interest_form(page, email="not-an-email")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my expression of interest").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert "Enter" in summary.inner_text() or "email" in summary.inner_text().lower()
    assert page.get_by_label("Your name").input_value() == "Grace Mbeki", "what the leader typed is kept"
    screenshot(page, "4-validation-error")

    page.get_by_label("Email address").fill(email)
    page.get_by_label("I have read the privacy notice").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my expression of interest").click()
    assert "Thank you" in page.content()
    screenshot(page, "5-thank-you")
    context.close()

    admin = browser.new_context().new_page()
    admin_login(admin, live_site)
    admin.goto(live_site + "/admin/cascading_pages/expressionofinterest/")
    assert email in admin.content() or "Grace Mbeki" in admin.content()
    screenshot(admin, "6-submission-in-admin")
    admin.context.close()


def test_an_editor_edits_a_coach_and_publishes_and_the_directory_shows_it(live_site, browser, screenshot):
    page = admin_page(browser, live_site, {"width": 1280, "height": 900})
    page.goto(live_site + "/coaches/bethan-llewellyn/")
    new_summary = f"Coaches governance and partnerships. Updated {uuid.uuid4().hex[:6]}."

    page.goto(live_site + "/admin/pages/search/?q=Bethan")
    page.get_by_role("link", name="Bethan Llewellyn").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page.locator("#id_summary").fill(new_summary)
    screenshot(page, "1-editing")
    open_action_menu(page)
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    screenshot(page, "2-published")

    page.goto(live_site + "/coaches/")
    # The directory lists coaches alphabetically; find Bethan on whichever page they are on.
    assert new_summary in page.content()
    screenshot(page, "3-directory")
    page.context.close()


def test_a_coach_is_invited_edits_their_profile_and_an_editor_approves(
    live_site, site_env, browser, screenshot
):
    coach, page_id = accept_invitation(
        browser,
        live_site,
        site_env,
        "callum-mckenzie",
        "callum@example.org",
        "a long coach passphrase 42",
        {"width": 1280, "height": 900},
    )
    screenshot(coach, "1-password-set")

    admin_login(coach, live_site, "callum@example.org", "a long coach passphrase 42")
    screenshot(coach, "2-coach-dashboard")
    coach.get_by_role("link", name="Edit my profile").first.click()
    coach.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/"))
    new_summary = f"Founder of a men's shed trust. Changed {uuid.uuid4().hex[:6]}."
    coach.locator("#id_summary").fill(new_summary)
    open_action_menu(coach)
    coach.locator("button[name='action-submit']").click()
    coach.wait_for_load_state("load")
    screenshot(coach, "3-submitted")
    assert new_summary not in coach.context.new_page().goto(live_site + "/coaches/callum-mckenzie/").text()
    coach.context.close()

    editor = admin_page(browser, live_site, {"width": 1280, "height": 900})
    editor.goto(f"{live_site}/admin/pages/{page_id}/edit/")
    open_action_menu(editor)
    screenshot(editor, "4-editor-reviews")
    editor.get_by_role("button", name=re.compile(r"^Approve")).first.click()
    editor.wait_for_load_state("load")
    screenshot(editor, "5-approved")
    public = editor.context.new_page()
    public.goto(live_site + "/coaches/callum-mckenzie/")
    assert new_summary in public.content()
    screenshot(public, "6-live-profile")
    editor.context.close()
