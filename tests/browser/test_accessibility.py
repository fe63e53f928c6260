"""axe-core finds no serious or critical problems on the pages leaders use; the layout reflows."""

import pytest
from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}

PAGES = {
    "home": "/",
    "directory": "/coaches/",
    "directory (filtered)": "/coaches/?region=london&expertise=strategy-and-planning&accepting=1",
    "directory (no results)": "/coaches/?q=zzyzx+qwerty",
    "coach profile": "/coaches/amara-okafor/",
    "FAQ index": "/faqs/",
    "FAQ entry": "/faqs/how-much-does-it-cost/",
    "standard page": "/cost-and-bursaries/",
    "site search": "/search/?query=coaching",
    "site search (page 2)": "/search/?query=coaching&page=2",
}


#: Animations that end (a message sliding in), unlike a spinner's, are jumped to their end before
#: axe looks: half-faded text would be reported as low contrast.
FINISH_ANIMATIONS = """() => document.getAnimations().forEach((a) => {
    if (a.effect && a.effect.getComputedTiming().endTime !== Infinity) a.finish();
})"""


def axe_violations(page, context=None):
    page.evaluate(FINISH_ANIMATIONS)
    results = Axe().run(page, context=context)
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


def assert_no_blocking_violations(page, name, results):
    violations = axe_violations(page)
    results[name] = violations
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], (name, blocking)


def test_the_interest_form_empty_with_errors_and_sent(live_site, page, screenshot):
    results = {}
    page.goto(live_site + "/register-interest/")
    assert_no_blocking_violations(page, "form (empty)", results)

    with page.expect_navigation():
        page.get_by_role("button", name="Send my expression of interest").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error:"), "the page title tells a screen reader user at once"
    # Each error in the summary links to its field, and the field says what is wrong.
    for link in summary.locator("a").all():
        target = link.get_attribute("href").lstrip("#")
        field = page.locator(f"#{target}")
        assert field.count() == 1, target
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 5
    for field in invalid.all():
        # A radio button is described by the fieldset that groups it with its question.
        described_by = field.evaluate(
            "e => e.getAttribute('aria-describedby') || e.closest('fieldset')?.getAttribute('aria-describedby') || ''"
        )
        errors = [page.locator(f"#{i}").inner_text() for i in described_by.split()]
        assert any("Error:" in text for text in errors), field.evaluate("e => e.outerHTML")
    screenshot(page, "with-errors")
    assert_no_blocking_violations(page, "form (with errors)", results)

    page.get_by_label("Your name").fill("Ada Leader")
    page.get_by_label("Email address").fill("ada.leader@example.org")
    page.get_by_label("Your role").fill("Director")
    page.get_by_label("Organisation name").fill("Hillside Health")
    page.get_by_label("Under £50,000").check()
    page.get_by_label("The coach you would most like to work with").select_option(label="Amara Okafor")
    page.get_by_label("What do you hope to get from coaching?").fill("Confidence.")
    page.get_by_label("My organisation will pay the £800").check()
    page.get_by_label("I have read the privacy notice").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my expression of interest").click()
    assert "Thank you" in page.content()
    screenshot(page, "thank-you")
    assert_no_blocking_violations(page, "thank-you page", results)
    for name, violations in results.items():
        print(f"axe {name}: {len(violations)} non-blocking violation(s) {[v['id'] for v in violations]}")


def test_the_directory_first_load_weighs_under_200_kb_without_coach_photos(live_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sizes = {}

    def record(response):
        if "/media/images/" in response.url:
            return  # coach photos: responsive, lazily loaded renditions, not counted
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # noqa: BLE001 - a redirect has no body
            sizes[response.url] = 0

    page.on("response", record)
    page.goto(live_site + "/coaches/", wait_until="networkidle")
    total = sum(sizes.values())
    context.close()
    print(f"directory first load: {total / 1024:.1f} KB in {len(sizes)} responses (uncompressed)")
    assert total < 200 * 1024, sizes


def test_the_directory_works_from_the_keyboard_alone(live_site, page):
    page.goto(live_site + "/coaches/")
    assert (
        page.evaluate(
            'document.querySelectorAll(\'[tabindex]:not([tabindex="-1"]):not([tabindex="0"])\').length'
        )
        == 0
    ), "no positive tabindex to scramble the order"
    seen = []
    for _ in range(250):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "(() => { const e = document.activeElement; return e.id || e.getAttribute('href') || e.textContent.trim().slice(0, 40); })()"
            )
        )
        if seen[-1] == seen[0] and len(seen) > 1:
            break  # back at the start: the whole page is a loop, with no trap inside it
    for expected in ("id_q", "region-london", "id_sort", "Show coaches", "/coaches/amara-okafor/"):
        assert any(expected == item or expected in item for item in seen), (expected, seen)
    assert seen.index("id_q") < seen.index("region-london") < seen.index("Show coaches"), "a logical order"

    # Operable: tick a region with the space bar and send the form with Enter.
    page.focus("#region-london")
    page.keyboard.press("Space")
    assert page.is_checked("#region-london")
    page.focus("#id_q")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "region=london" in page.url
    status = page.locator("[role=status]").first
    assert status.get_attribute("aria-live") == "polite", "the new result count is announced"
