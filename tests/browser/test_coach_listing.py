"""The programme team's "Coaches" listing at 1280 px, in a real browser, with axe."""

from tests.browser.conftest import admin_login
from tests.browser.test_team_screens import assert_no_axe_violations


def test_the_team_opens_coaches_from_the_menu_and_sorts_by_last_confirmed(live_site, page, screenshot):
    admin_login(page, live_site)
    page.get_by_role("link", name="Coaches", exact=True).click()
    page.wait_for_url("**/admin/coaches/")
    assert page.get_by_role("heading", name="Coaches", exact=True).is_visible()
    for heading in ("Name", "Availability", "Login", "Last confirmed", "Leaders waiting", "Status"):
        assert page.get_by_role("columnheader", name=heading).is_visible(), heading
    first = page.locator("tbody tr").first
    assert "taking leaders now" in first.inner_text()
    screenshot(page, "1-coaches")
    assert_no_axe_violations(page, "coaches listing")

    page.goto(live_site + "/admin/coaches/?ordering=last_confirmed")
    assert page.locator("tbody tr").count() >= 2
    screenshot(page, "2-sorted-by-last-confirmed")
