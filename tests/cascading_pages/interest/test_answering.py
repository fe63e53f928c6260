"""A coach answering a leader sees when the answer is due and is warned at capacity: in "My
leaders", on the answer screen and on the page behind the link in their email."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from cascading_pages.coaches import availability
from cascading_pages.interest import responses
from tests.cascading_pages.coaches.test_availability import AvailabilityTestCase
from tests.factories import emails_to, make_programme_settings


class AnsweringTests(AvailabilityTestCase):
    def setUp(self):
        make_programme_settings(days_to_answer=9)

    def test_my_leaders_and_the_answer_screen_say_the_deadline_from_the_programme_settings(self):
        submission = self.send(leader_name="Amara Okafor")
        due = submission.asked_at + datetime.timedelta(days=9)
        self.client.force_login(self.priya_login)
        listing = self.client.get(reverse("cascading_pages_admin:my_leaders"))
        self.assertContains(
            listing, f'Answer by <strong><time datetime="{timezone.localtime(due):%Y-%m-%d}">'
        )
        self.assertContains(listing, f"{timezone.localtime(due):%-d %b %Y}")
        self.assertContains(listing, "coach_admin.css")
        self.assertNotContains(listing, "You are at capacity")

        screen = self.client.get(reverse("cascading_pages_admin:respond", args=[submission.pk]))
        self.assertContains(
            screen, f'Please answer by <strong><time datetime="{timezone.localtime(due):%Y-%m-%d}">'
        )
        self.assertContains(screen, f"{timezone.localtime(due):%-d %B %Y}")
        self.assertNotContains(screen, "You are at capacity")

    def test_a_coach_at_capacity_is_warned_before_answering(self):
        self.set_capacity(self.priya, 1)
        first = self.send()
        waiting = self.send(leader_name="Ben Adeyemi")
        responses.accept(first, self.priya)
        self.client.force_login(self.priya_login)
        listing = self.client.get(reverse("cascading_pages_admin:my_leaders"))
        self.assertContains(listing, "You are at capacity.")
        screen = self.client.get(reverse("cascading_pages_admin:respond", args=[waiting.pk]))
        self.assertContains(screen, "<strong>You are at capacity:</strong> you are coaching 1 of 1 leader.")
        self.assertContains(screen, reverse("cascading_pages_admin:my_availability"))

        # Raising the capacity takes the warning away.
        availability.update_state(self.priya, capacity=2)
        self.assertNotContains(
            self.client.get(reverse("cascading_pages_admin:respond", args=[waiting.pk])),
            "You are at capacity",
        )

    def test_the_emailed_link_page_is_styled_says_the_deadline_and_warns_at_capacity(self):
        self.set_capacity(self.priya, 1)
        first = self.send()
        mail_count = len(emails_to("priya.private@example.org"))
        submission = self.send(leader_name="Ben Adeyemi")
        responses.accept(first, self.priya)
        (message,) = [
            m for m in emails_to("priya.private@example.org")[mail_count:] if "/coach-response/" in m.body
        ]
        link = re.search(r"https?://[^/\s]+(/coach-response/\S+/)", message.body).group(1)
        page = self.client.get(link)
        self.assertContains(page, "cascading_pages/css/cascading.css")
        self.assertContains(page, 'class="interest-form coach-answer"')
        self.assertContains(
            page, f"{timezone.localtime(submission.asked_at + datetime.timedelta(days=9)):%-d %B %Y}"
        )
        self.assertContains(page, "You are at capacity:")
        self.assertContains(page, "under “My availability” when you log in")
