"""The site sends security headers, and the admin login slows down a password guesser."""

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.utils import timezone

from tests.factories import make_coach, make_directory, make_home
from tests.site import manage_py, run_with_settings


class SecurityHeadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.directory = make_directory(cls.home)
        cls.coach = make_coach(cls.directory)

    def test_public_pages_send_a_strict_content_security_policy_and_friends(self):
        for page in (self.home, self.directory, self.coach):
            response = self.client.get(page.url)
            with self.subTest(page=page.title):
                csp = response["Content-Security-Policy"]
                self.assertIn("default-src 'self'", csp)
                self.assertIn("script-src 'self'", csp)
                self.assertNotIn("unsafe-inline", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_the_admin_may_frame_a_preview_but_nobody_may_frame_the_live_page(self):
        editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(editor)
        preview = self.client.get(f"/admin/pages/{self.coach.pk}/view_draft/")
        self.assertContains(preview, self.coach.title)
        csp = preview["Content-Security-Policy"]
        self.assertIn("frame-ancestors 'self'", csp)
        self.assertNotIn("'none'; base-uri", csp)
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(preview["X-Frame-Options"], "SAMEORIGIN")
        # Wagtail's userbar, which runs the Checks panel, is in the preview only.
        self.assertContains(preview, "wagtail-userbar")

        live = self.client.get(self.coach.url)
        self.assertIn("frame-ancestors 'none'", live["Content-Security-Policy"])
        self.assertEqual(live["X-Frame-Options"], "DENY")
        self.assertNotContains(live, "wagtail-userbar")

    def test_the_sites_own_pages_need_no_inline_script_or_style(self):
        for page in (self.home, self.directory, self.coach):
            html = self.client.get(page.url).content.decode()
            with self.subTest(page=page.title):
                self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])
                self.assertEqual(re.findall(r"<style\b", html), [])
                self.assertEqual(re.findall(r"\sstyle=", html), [])
                self.assertEqual(re.findall(r"\son[a-z]+=", html), [])


class AdminLoginThrottleTests(TestCase):
    """Five wrong passwords for one account from one address pause that account from that address.
    Nobody can lock an editor out from anywhere else, and behind the proxy the real client counts."""

    def setUp(self):
        get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse battery")

    def login(self, password, address="203.0.113.7", client=None, **headers):
        return (client or self.client).post(
            "/admin/login/", {"username": "editor", "password": password}, REMOTE_ADDR=address, **headers
        )

    def assertRefused(self, response):
        self.assertContains(response, "Too many failed logins", status_code=429)
        self.assertContains(response, "for 15 minutes", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_after_five_failures_even_the_right_password_is_refused_for_a_while(self):
        for _ in range(4):
            self.assertEqual(self.login("wrong").status_code, 200)
        self.assertRefused(self.login("wrong"))
        self.assertRefused(self.login("correct horse battery"))

        # Fifteen minutes later the count has lapsed.
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        response = self.login("correct horse battery")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(response["Location"]).status_code, 200, "the admin works")

    def test_a_guesser_elsewhere_does_not_lock_out_the_editor_at_their_desk(self):
        for _ in range(5):
            self.login("wrong", address="198.51.100.9")
        self.assertRefused(self.login("wrong", address="198.51.100.9"))
        self.assertEqual(self.login("correct horse battery", address="203.0.113.7").status_code, 302)

    def test_guessers_at_many_addresses_cannot_lock_the_editor_out_either(self):
        for n in range(30):
            self.login("wrong", address=f"198.51.100.{n}")
        self.assertEqual(self.login("correct horse battery", address="203.0.113.7").status_code, 302)

    def test_a_successful_login_forgets_earlier_slips(self):
        for _ in range(4):
            self.login("wrong")
        self.assertEqual(self.login("correct horse battery").status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.login("wrong")
        self.assertEqual(self.login("correct horse battery").status_code, 302)

    @override_settings(CASCADING_TRUSTED_PROXY_COUNT=1)
    def test_behind_the_proxy_the_guesser_is_counted_not_the_proxy_nor_the_address_they_make_up(self):
        proxy = "10.0.0.5"
        for n in range(5):
            self.login("wrong", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.9")
        refused = self.login("correct horse battery", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")
        self.assertRefused(refused)
        self.assertEqual(
            list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")),
            [("198.51.100.9", 6)],
        )
        at_desk = self.login("correct horse battery", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
        self.assertEqual(at_desk.status_code, 302)

    @override_settings(CASCADING_TRUSTED_PROXY_COUNT=1)
    def test_requests_without_an_address_share_one_count_rather_than_none(self):
        for _ in range(5):
            self.login("wrong", address="10.0.0.5")
        self.assertRefused(self.login("correct horse battery", address="10.0.0.6"))


def test_deploy_check_passes_with_production_settings_and_a_realistic_environment(tmp_path):
    result = run_with_settings(
        "cascading_site.settings.production",
        [manage_py(), "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="k3y-" + "x7Q!pz" * 10,
        ALLOWED_HOSTS="coaching.example.org",
        CSRF_TRUSTED_ORIGINS="https://coaching.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PUBLIC_URL="https://coaching.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
