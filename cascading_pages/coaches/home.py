"""The coach's dashboard: their profile panel and nothing of the site-wide admin.

Wagtail's dashboard shows the site's summary ("1 Page"), "Search all pages…", its upgrade notice
and its editor guide link, none of which a coach can use (the page search is not theirs to reach).
``lockdown.COACH_VERSIONS`` serves a coach this view instead; the panels are still built by
Wagtail's ``construct_homepage_panels`` hook (``coach_dashboard`` leaves only ``MyProfilePanel``).
"""

from wagtail.admin.views.home import HomeView


class CoachHomeView(HomeView):
    template_name = "cascading_pages/admin/coach_home.html"
    page_title = "Your dashboard"


coach_home = CoachHomeView.as_view()
