"""A leader misspells a word in the site-wide search and is shown the results of its correction,
with a way back to the words as typed: on a phone and on a desktop, with no axe problems."""

import pytest

from tests.browser.test_accessibility import axe_violations


@pytest.mark.parametrize("width", [390, 1280], ids=["390px", "1280px"])
def test_a_misspelt_search_shows_the_corrections_results_and_offers_the_words_as_typed(
    live_site, browser, screenshot, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_site + "/search/")
    page.get_by_label("Search this site").fill("govrnance")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()

    spelling = page.locator(".search-spelling")
    assert spelling.inner_text() == "Showing results for governance. Search instead for govrnance?"
    heading = page.locator("#results-heading").inner_text()
    assert heading.endswith("for “governance”") and not heading.startswith("0 "), heading
    assert page.locator(".search-result").count() > 0
    screenshot(page, "corrected")
    assert axe_violations(page) == []

    with page.expect_navigation():
        spelling.get_by_role("link", name="govrnance").click()
    assert "exact=1" in page.url
    assert page.locator("#results-heading").inner_text() == "0 results for “govrnance”"
    assert page.locator(".search-spelling").count() == 0
    context.close()
