"""A coach's admin in a real browser: what they see at each step of a change's approval, in their
words, at phone and desktop widths, with no serious accessibility problem."""

import re
import uuid

import pytest
from PIL import Image

from tests.browser.conftest import admin_page, manage
from tests.browser.test_accessibility import BLOCKING, axe_violations

PASSWORD = "a long coach passphrase 42"
COMMENT = "Please say which regions you cover."
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def coach(site_env, live_site):
    """Deepa Sharma's login (a linked coach account with a password); returns (email, page id)."""
    email = "deepa@example.org"
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from cascading_pages.coaches.accounts import link_account\n"
        "from cascading_pages.models import CoachPage\n"
        "page = CoachPage.objects.get(slug='deepa-sharma')\n"
        f"user, _ = get_user_model().objects.get_or_create(username='{email}', email='{email}')\n"
        f"user.first_name = 'Deepa'; user.set_password('{PASSWORD}'); user.save()\n"
        "link_account(page, user)\n"
        "print(page.pk)\n"
    )
    page_id = manage(site_env, "shell", "--no-imports", "-c", script).split()[-1]
    return email, page_id


def request_changes(site_env, page_id, comment):
    """The programme editor asks for changes (as the workflow's Request changes action does)."""
    script = (
        "from django.contrib.auth import get_user_model\n"
        "from wagtail.models import Page\n"
        f"page = Page.objects.get(pk={page_id})\n"
        "state = page.current_workflow_task_state.specific\n"
        "editor = get_user_model().objects.get(username='admin')\n"
        f"state.task.specific.on_action(state, editor, 'reject', comment={comment!r})\n"
    )
    manage(site_env, "shell", "--no-imports", "-c", script)


def assert_no_blocking_violations(page, name):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    assert blocking == [], (name, blocking)


def test_a_coach_sends_a_change_and_sees_changes_requested_with_the_comment(
    live_site, site_env, browser, screenshot, coach
):
    email, page_id = coach
    page = admin_page(browser, live_site, WIDTHS["desktop"], email, PASSWORD)
    page.get_by_role("link", name="Edit my profile").first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/"))
    page.locator("#id_summary").fill(f"Coaching leaders of elders' groups. {uuid.uuid4().hex[:6]}")

    # The main button sends the change; nothing hides in the arrow menu.
    main = page.locator("footer nav button[type=submit]").first
    assert main.inner_text().strip() == "Send for approval"
    main.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "Your changes are sent for approval." in page.content()
    assert "waiting for the programme team" in page.content()
    screenshot(page, "1-sent-for-approval")

    request_changes(site_env, page_id, COMMENT)
    page.reload()
    panel = page.locator("section", has_text="Your coach profile")
    assert "asked for changes" in panel.inner_text()
    assert COMMENT in panel.inner_text()
    assert "waiting for the programme team" not in panel.inner_text()
    assert_no_blocking_violations(page, "dashboard: changes requested")
    screenshot(page, "2-dashboard-changes-requested")

    page.get_by_role("link", name="Edit my profile").first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{page_id}/edit/"))
    messages = page.locator(".messages").inner_text()
    assert "asked for changes before your edit goes live" in messages
    assert COMMENT in messages
    assert page.locator("footer nav button[type=submit]").first.inner_text().strip() == "Send for approval"
    assert_no_blocking_violations(page, "edit page: changes requested")
    screenshot(page, "3-edit-changes-requested")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_the_coachs_dashboard_and_edit_page(live_site, browser, screenshot, coach, width):
    email, page_id = coach
    page = admin_page(browser, live_site, WIDTHS[width], email, PASSWORD)
    assert_no_blocking_violations(page, "dashboard")
    screenshot(page, f"dashboard-{width}")
    page.goto(f"{live_site}/admin/pages/{page_id}/edit/")
    assert_no_blocking_violations(page, "edit page")
    screenshot(page, f"edit-{width}")
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_the_vocabularies_listing_and_delete_confirmation(live_site, browser, screenshot, width):
    page = admin_page(browser, live_site, WIDTHS[width])
    page.goto(f"{live_site}/admin/snippets/cascading_pages/expertisearea/")
    assert page.locator("h1").first.inner_text().strip() == "Areas of expertise"
    assert page.get_by_role("columnheader", name="Coaches").count() == 1
    assert_no_blocking_violations(page, "vocabulary listing")
    screenshot(page, f"listing-{width}")
    page.goto(f"{live_site}/admin/snippets/cascading_pages/region/?ordering=sort_order")
    assert_no_blocking_violations(page, "vocabulary ordering")
    screenshot(page, f"ordering-{width}")
    london = page.get_by_role("link", name="London", exact=True).first  # Amara Okafor's region
    term_id = london.get_attribute("href").rstrip("/").split("/")[-1]
    page.goto(f"{live_site}/admin/snippets/cascading_pages/region/delete/{term_id}/")
    assert "Deleting “London” takes it off these coaches" in page.content()
    assert page.locator("main li", has_text="Amara Okafor").count() == 1
    assert_no_blocking_violations(page, "vocabulary delete")
    screenshot(page, f"delete-{width}")
    page.context.close()


COACH_WIDTHS = {"phone": {"width": 320, "height": 720}, "desktop": {"width": 1280, "height": 900}}
COACH_MENU = ["My profile", "My leaders", "My availability", "Images", "Help"]


def open_sidebar(page):
    """On a phone the sidebar starts closed behind its toggle; on a desktop it is open."""
    toggle = page.get_by_role("button", name="Toggle sidebar")
    if toggle.is_visible() and page.locator("#wagtail-sidebar nav").first.is_hidden():
        toggle.click()
    page.locator("#wagtail-sidebar nav").first.wait_for(state="visible")


@pytest.mark.parametrize("width", COACH_WIDTHS, ids=list(COACH_WIDTHS))
def test_a_coachs_sidebar_has_their_own_screens_and_no_page_search(
    live_site, browser, screenshot, coach, width
):
    email, page_id = coach
    page = admin_page(browser, live_site, COACH_WIDTHS[width], email, PASSWORD)
    screens = {
        "dashboard": "/admin/",
        "my-availability": "/admin/coach-accounts/my-availability/",
        "images": "/admin/images/",
        "edit": f"/admin/pages/{page_id}/edit/",
    }
    for name, path in screens.items():
        page.goto(live_site + path)
        open_sidebar(page)
        sidebar = page.locator("#wagtail-sidebar")
        assert sidebar.get_by_role("search").count() == 0 or sidebar.get_by_role("search").is_hidden(), name
        assert sidebar.get_by_role("textbox").count() == 0 or sidebar.get_by_role("textbox").is_hidden(), name
        for label in COACH_MENU:
            assert (
                sidebar.get_by_role("link", name=label)
                .or_(sidebar.get_by_role("button", name=label))
                .first.is_visible()
            ), (name, label)
        assert_no_blocking_violations(page, name)
        screenshot(page, f"{name}-{width}")

    # Their account and logging out are in the account menu at the foot of the sidebar.
    page.locator("#wagtail-sidebar").get_by_role("button", name="Deepa").click()
    page.get_by_role("link", name="Account").wait_for(state="visible")
    screenshot(page, f"account-menu-{width}")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/admin/login/"))
    page.context.close()


@pytest.mark.parametrize("width", COACH_WIDTHS, ids=list(COACH_WIDTHS))
def test_a_coach_finds_their_return_date_when_they_come_back_to_my_availability(
    live_site, browser, screenshot, coach, width
):
    email, _ = coach
    page = admin_page(browser, live_site, COACH_WIDTHS[width], email, PASSWORD)
    page.goto(live_site + "/admin/coach-accounts/my-availability/")
    back = page.evaluate("new Date(Date.now() + 21 * 86400000).toISOString().slice(0, 10)")
    page.get_by_label("Pause new leaders").check()
    page.get_by_label("Available again from").fill(back)
    page.get_by_role("button", name="Save my availability").click()
    page.wait_for_load_state("load")

    page.goto(live_site + "/admin/coach-accounts/my-availability/")
    assert page.get_by_label("Available again from").input_value() == back, "the saved date shows"
    screenshot(page, f"my-availability-with-date-{width}")
    assert_no_blocking_violations(page, "my availability with a date")
    page.get_by_label("Leaders I can coach at once").fill("3")
    page.get_by_role("button", name="Save my availability").click()
    page.wait_for_load_state("load")
    page.goto(live_site + "/admin/coach-accounts/my-availability/")
    assert page.get_by_label("Available again from").input_value() == back, "a resave keeps it"

    page.get_by_label("Pause new leaders").uncheck()
    page.get_by_label("Available again from").fill("")
    page.get_by_role("button", name="Save my availability").click()
    page.wait_for_load_state("load")
    page.context.close()


@pytest.mark.parametrize("width", COACH_WIDTHS, ids=list(COACH_WIDTHS))
def test_a_coach_adds_a_photo_and_is_asked_for_good_alt_text(
    live_site, browser, screenshot, coach, width, tmp_path
):
    picture = tmp_path / f"deepa-{width}.png"
    Image.new("RGB", (400, 400), (120, 80, 160)).save(picture)
    email, _ = coach
    page = admin_page(browser, live_site, COACH_WIDTHS[width], email, PASSWORD)
    page.goto(live_site + "/admin/images/add/")
    assert page.get_by_text("The alt text, read out to people who cannot see the image.").is_visible()
    page.locator("input[type=file][name=file]").set_input_files(str(picture))
    page.get_by_label("Title").fill(f"Deepa {width}")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("A coach photo needs a description").first.is_visible()
    screenshot(page, f"add-photo-without-alt-text-{width}")
    assert_no_blocking_violations(page, "image add screen with the error")

    page.locator("input[type=file][name=file]").set_input_files(str(picture))
    page.get_by_label("Description").fill("Deepa smiling, in a sunlit office")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/admin/images/"))
    page.get_by_role("link", name=f"Deepa {width}").first.click()
    page.wait_for_url(re.compile(r"/admin/images/\d+/"))
    assert page.get_by_label("Description").input_value() == "Deepa smiling, in a sunlit office"
    assert page.get_by_text("not just “Photo of Amina Patel”", exact=False).is_visible()
    screenshot(page, f"edit-photo-{width}")
    assert_no_blocking_violations(page, "image edit screen")
    page.context.close()
