"""The programme editors' settings for the programme's emails and the footer, in a real browser at
1280 px and on a phone: grouped by who gets each email, a placeholder the email does not know
explained beside its field, and the footer an editor writes shown to the next visitor."""

import uuid

from tests.browser.conftest import admin_login
from tests.browser.test_team_screens import assert_no_axe_violations

EMAILS = "/admin/settings/cascading_pages/programmeemails/"
FOOTER = "/admin/settings/cascading_pages/sitefooter/"


def test_an_editor_rewords_an_email_and_a_wrong_placeholder_is_explained_at_1280_px(
    live_site, browser, screenshot
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_login(page, live_site)
    page.goto(live_site + EMAILS)
    assert page.get_by_role("tab", name="Emails to leaders").is_visible()
    assert page.get_by_text("When a leader sends an expression of interest").is_visible()
    screenshot(page, "1-emails-to-leaders")
    assert_no_axe_violations(page, "programme emails, leaders' tab")

    page.get_by_role("tab", name="Emails to coaches").click()
    assert page.get_by_text("When it is time to confirm their profile").is_visible()
    screenshot(page, "2-emails-to-coaches")
    assert_no_axe_violations(page, "programme emails, coaches' tab")

    page.get_by_role("tab", name="Sign-off").click()
    sign_off = page.get_by_role("textbox", name="Sign-off")
    sign_off.fill("The {programme} team")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("The setting could not be saved due to errors.").is_visible()
    page.get_by_role("tab", name="Sign-off").click()
    error = page.get_by_text("“{programme}” is not a placeholder this email knows.")
    assert error.is_visible()
    screenshot(page, "3-placeholder-error")
    assert_no_axe_violations(page, "programme emails with an error")

    page.get_by_role("textbox", name="Sign-off").fill("The Cascading Leadership team")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Programme emails updated.").is_visible()
    context.close()


def test_an_editor_writes_the_footer_on_a_phone_and_the_next_visitor_reads_it(live_site, browser, screenshot):
    tag = uuid.uuid4().hex[:6]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    admin_login(page, live_site)
    page.goto(live_site + FOOTER)
    assert page.get_by_text("Leave it empty to keep the words the site came with.").is_visible()
    screenshot(page, "1-footer-settings-phone")
    assert_no_axe_violations(page, "footer settings on a phone")

    page.get_by_role("textbox", name="Programme team's email address").fill(f"team.{tag}@example.org")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Footer updated.").is_visible()

    visitor = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    visitor.goto(live_site + "/")
    footer = visitor.locator("footer.site-footer")
    assert f"Contact the programme team: team.{tag}@example.org" in footer.inner_text()
    assert "The King’s Fund" in footer.inner_text(), "the site's own words stay until editors write theirs"
    visitor.locator("footer").scroll_into_view_if_needed()
    screenshot(visitor, "2-footer-on-a-phone")
    assert_no_axe_violations(visitor, "home page with the edited footer")
    visitor.context.close()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site + FOOTER)
    screenshot(page, "3-footer-settings-desktop")
    assert_no_axe_violations(page, "footer settings at 1280 px")
    context.close()
