"""The site sends security headers, and the admin login slows down a password guesser."""

import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase

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

    def test_the_sites_own_pages_need_no_inline_script_or_style(self):
        for page in (self.home, self.directory, self.coach):
            html = self.client.get(page.url).content.decode()
            with self.subTest(page=page.title):
                self.assertEqual(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html), [])
                self.assertEqual(re.findall(r"<style\b", html), [])
                self.assertEqual(re.findall(r"\sstyle=", html), [])
                self.assertEqual(re.findall(r"\son[a-z]+=", html), [])


class AdminLoginThrottleTests(TestCase):
    def setUp(self):
        cache.clear()
        get_user_model().objects.create_superuser("editor", "editor@example.org", "correct horse battery")

    def login(self, password, address="203.0.113.7"):
        return self.client.post(
            "/admin/login/", {"username": "editor", "password": password}, REMOTE_ADDR=address
        )

    def test_after_five_failures_even_the_right_password_is_refused_for_a_while(self):
        for _ in range(5):
            self.assertEqual(self.login("wrong").status_code, 200)
        response = self.login("correct horse battery")
        self.assertEqual(response.status_code, 200, "the login form is shown again, not the admin")
        self.assertNotIn("_auth_user_id", self.client.session)

        cache.clear()  # the lockout has expired
        response = self.login("correct horse battery")
        self.assertEqual(response.status_code, 302)

    def test_a_guesser_elsewhere_does_not_lock_out_the_editor_at_their_desk(self):
        for _ in range(5):
            self.login("wrong", address="198.51.100.9")
        self.assertEqual(self.login("correct horse battery", address="203.0.113.7").status_code, 302)

    def test_a_successful_login_forgets_earlier_slips(self):
        for _ in range(4):
            self.login("wrong")
        self.assertEqual(self.login("correct horse battery").status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.login("wrong")
        self.assertEqual(self.login("correct horse battery").status_code, 302)


def test_deploy_check_passes_with_production_settings_and_a_realistic_environment(tmp_path):
    result = run_with_settings(
        "cascading_site.settings.production",
        [manage_py(), "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY="k3y-" + "x7Q!pz" * 10,
        ALLOWED_HOSTS="coaching.example.org",
        CSRF_TRUSTED_ORIGINS="https://coaching.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://coaching.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
