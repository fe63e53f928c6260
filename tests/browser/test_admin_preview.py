"""An editor previews every page type beside the editor, and the Checks panel really checks it."""

import re

import pytest

from tests.browser.conftest import admin_login, manage

PAGE_TYPES = [
    "HomePage",
    "StandardPage",
    "CoachIndexPage",
    "CoachPage",
    "FaqIndexPage",
    "FaqPage",
    "ExpressionOfInterestPage",
]


@pytest.fixture(scope="module")
def demo_pages(site_env, live_site):
    """One demo page of each type: {type name: (id, title)}."""
    script = (
        "from wagtail.models import Page\n"
        "for p in Page.objects.filter(depth__gt=1).specific():\n"
        "    print(type(p).__name__, p.pk, p.title, sep='\\t')\n"
    )
    pages = {}
    for line in manage(site_env, "shell", "--no-imports", "-c", script).splitlines():
        kind, pk, title = line.split("\t")
        pages.setdefault(kind, (pk, title))
    return pages


def wait_for_preview(page, title):
    """Wait until the preview panel's iframe holds the page (its document has the page's title)."""
    page.wait_for_function(
        """(title) => {
            const frame = document.getElementById("w-preview-iframe");
            return frame && frame.contentDocument && frame.contentDocument.title.includes(title);
        }""",
        arg=title,
        timeout=15000,
    )


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_the_preview_panel_shows_the_page_and_the_checks_panel_checks_it(
    live_site, page, screenshot, demo_pages, kind
):
    pk, title = demo_pages[kind]
    blocked = []
    page.on("console", lambda message: "frame-ancestors" in message.text and blocked.append(message.text))
    admin_login(page, live_site)
    page.goto(f"{live_site}/admin/pages/{pk}/edit/")

    page.locator("[data-side-panel-toggle='preview']").click()
    wait_for_preview(page, title)
    assert blocked == []
    screenshot(page, "preview")

    page.locator("[data-side-panel-toggle='checks']").click()
    words = page.locator("[data-content-word-count]")
    # Wagtail fills the content metrics after axe has run in the preview: "-" means nothing ran.
    page.wait_for_function("document.querySelector('[data-content-word-count]').textContent.trim() !== '-'")
    assert re.fullmatch(r"[\d,]+", words.inner_text().strip())
    assert page.locator("[data-checks-panel]").count() == 1
    screenshot(page, "checks")


def test_the_preview_opens_in_a_new_tab_too(live_site, page, demo_pages):
    pk, title = demo_pages["CoachPage"]
    admin_login(page, live_site)
    page.goto(f"{live_site}/admin/pages/{pk}/edit/")
    page.locator("[data-side-panel-toggle='preview']").click()
    wait_for_preview(page, title)
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name=re.compile("Preview in new tab")).click()
    tab = new_tab.value
    tab.wait_for_load_state("load")
    assert title in tab.title()
