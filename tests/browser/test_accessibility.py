"""axe-core finds no serious or critical problems on the pages leaders use; the layout reflows."""

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}

PAGES = {
    "home": "/",
    "directory": "/coaches/",
    "coach profile": "/coaches/amara-okafor/",
    "FAQ index": "/faqs/",
    "FAQ entry": "/faqs/how-much-does-it-cost/",
    "standard page": "/cost-and-bursaries/",
}


def axe_violations(page):
    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("name, path", PAGES.items(), ids=list(PAGES))
def test_no_serious_or_critical_axe_violations(live_site, page, screenshot, name, path, record_property):
    response = page.goto(live_site + path)
    assert response.status == 200
    violations = axe_violations(page)
    record_property("axe", violations)
    screenshot(page, "page")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], blocking
    minor = [v["id"] for v in violations]
    print(f"axe {name}: {len(violations)} non-blocking violation(s) {minor}")


@pytest.mark.parametrize("name, path", PAGES.items(), ids=list(PAGES))
def test_reflows_at_320_css_pixels_without_horizontal_scrolling(live_site, browser, name, path):
    # 320 CSS px is what a 1280 px wide window shows at 400% zoom (WCAG 1.4.10).
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(live_site + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px wide"


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(live_site, page):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-9999px"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_focus_is_visible(live_site, page):
    page.goto(live_site + "/coaches/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused control shows no outline"
