"""Where a request came from: the address the outermost trusted proxy saw, never one the client wrote."""

from django.core import checks
from django.test import RequestFactory, SimpleTestCase, override_settings

from cascading_pages.client_address import client_address


def request(remote_addr="10.0.0.1", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


class ReachedDirectlyTests(SimpleTestCase):
    def test_the_sender_is_the_connection_whatever_headers_it_sends(self):
        forged = request("198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1", HTTP_X_REAL_IP="203.0.113.2")
        self.assertEqual(client_address(forged), "198.51.100.7")

    def test_a_connection_without_an_address_has_none(self):
        self.assertIsNone(client_address(request("")))
        self.assertIsNone(client_address(request("not an address")))


@override_settings(CASCADING_TRUSTED_PROXY_COUNT=1)
class BehindOneProxyTests(SimpleTestCase):
    def test_the_sender_is_the_address_the_proxy_appended(self):
        self.assertEqual(client_address(request(HTTP_X_FORWARDED_FOR="198.51.100.7")), "198.51.100.7")

    def test_addresses_the_client_wrote_before_it_are_ignored(self):
        for forged in ("203.0.113.1", "203.0.113.1, 203.0.113.2", "garbage", "unknown, , 203.0.113.9"):
            with self.subTest(forged=forged):
                sent = request(HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.7")
                self.assertEqual(client_address(sent), "198.51.100.7")

    def test_a_request_that_did_not_come_through_the_proxy_has_no_address(self):
        # Not the proxy's own address either: that would put every such sender with the proxy.
        self.assertIsNone(client_address(request()))
        self.assertIsNone(client_address(request(HTTP_X_FORWARDED_FOR="")))
        self.assertIsNone(client_address(request(HTTP_X_FORWARDED_FOR="not-an-address")))

    @override_settings(CASCADING_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
    def test_a_header_the_proxy_overwrites_can_be_named_instead(self):
        sent = request(HTTP_X_REAL_IP="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
        self.assertEqual(client_address(sent), "198.51.100.7")

    def test_an_ipv6_sender_is_counted_by_its_64_network(self):
        first = request(HTTP_X_FORWARDED_FOR="2001:db8:1:2::1")
        second = request(HTTP_X_FORWARDED_FOR="2001:db8:1:2:ffff:aaaa:bbbb:cccc")
        elsewhere = request(HTTP_X_FORWARDED_FOR="2001:db8:1:3::1")
        self.assertEqual(client_address(first), "2001:db8:1:2::")
        self.assertEqual(client_address(second), "2001:db8:1:2::")
        self.assertEqual(client_address(elsewhere), "2001:db8:1:3::")

    def test_an_ipv4_address_written_as_ipv6_is_the_ipv4_address(self):
        self.assertEqual(client_address(request(HTTP_X_FORWARDED_FOR="::ffff:198.51.100.7")), "198.51.100.7")


@override_settings(CASCADING_TRUSTED_PROXY_COUNT=2)
class BehindTwoProxiesTests(SimpleTestCase):
    def test_the_sender_is_the_address_the_outer_proxy_saw(self):
        # The load balancer appended the sender; the inner proxy appended the load balancer.
        sent = request(HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7, 10.0.0.2")
        self.assertEqual(client_address(sent), "198.51.100.7")

    def test_a_header_too_short_to_have_come_through_both_has_no_address(self):
        self.assertIsNone(client_address(request(HTTP_X_FORWARDED_FOR="10.0.0.2")))


class SettingsCheckTests(SimpleTestCase):
    def errors(self):
        return [message.id for message in checks.run_checks(tags=[checks.Tags.security])]

    def test_the_site_as_configured_passes(self):
        self.assertNotIn("cascading_pages.E002", self.errors())

    @override_settings(CASCADING_TRUSTED_PROXY_COUNT="1")
    def test_a_proxy_count_that_is_not_a_whole_number_is_an_error(self):
        self.assertIn("cascading_pages.E002", self.errors())

    @override_settings(CASCADING_TRUSTED_PROXY_COUNT=1, CASCADING_CLIENT_IP_HEADER="REMOTE_ADDR")
    def test_the_proxys_own_address_is_not_a_header_to_read(self):
        self.assertIn("cascading_pages.E003", self.errors())

    @override_settings(CASCADING_INTEREST_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    def test_a_host_still_setting_the_old_header_setting_is_told_what_replaced_it(self):
        (error,) = [
            m for m in checks.run_checks(tags=[checks.Tags.security]) if m.id == "cascading_pages.E004"
        ]
        self.assertIn("CASCADING_TRUSTED_PROXY_COUNT", error.msg)
