"""A leader searches the demo directory from its own form, with JavaScript on and off, and gets
the best matches first even though the sort box showed "Name (A to Z)" before they typed."""

import json
import urllib.parse
import urllib.request

import pytest

CANDIDATE_WORDS = ["trustee", "governance", "fundraising", "strategy", "health", "community"]


def api_names(live_site, **params):
    url = f"{live_site}/api/v1/coaches/?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as response:
        return [item["name"] for item in json.load(response)["items"]]


def word_ranked_apart_from_names(live_site):
    """A word whose best matches (as the API ranks them) are not in alphabetical order."""
    for word in CANDIDATE_WORDS:
        ranked = api_names(live_site, q=word)
        if len(ranked) > 1 and ranked != sorted(ranked):
            return word, ranked
    pytest.fail(f"The demo content has no coaches ranked out of name order for any of {CANDIDATE_WORDS}")


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_searching_from_the_directory_ranks_best_match_first(live_site, browser, screenshot, javascript):
    word, best_first = word_ranked_apart_from_names(live_site)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_site + "/coaches/")
    sort_box = page.get_by_label("Sort by")
    assert sort_box.evaluate("el => el.options[el.selectedIndex].text") == "Name (A to Z)"

    page.get_by_label("Search by name, organisation or topic").fill(word)
    with page.expect_navigation():
        page.get_by_role("button", name="Show coaches").click()
    screenshot(page, "searched")

    shown = page.locator(".coach-card__name").all_inner_texts()
    assert shown == best_first, f"{word!r}: the page lists {shown}, the best matches are {best_first}"
    assert sort_box.evaluate("el => el.options[el.selectedIndex].text") == "Best match"

    # Choosing another order after searching is respected.
    sort_box.select_option("name")
    with page.expect_navigation():
        page.get_by_role("button", name="Show coaches").click()
    assert page.locator(".coach-card__name").all_inner_texts() == sorted(best_first)
    context.close()
