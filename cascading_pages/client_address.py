"""Where a request came from: the one rule every throttle of the site counts by.

Behind a reverse proxy, ``REMOTE_ADDR`` is the proxy, so it cannot tell one sender from another;
and ``X-Forwarded-For`` is a list that the client starts and each proxy appends to, so only its
last entries are the proxies' word. The threat: a sender who writes a new address into the header
at every request (or leaves it empty) to escape a per-address limit, or who is counted as the proxy
and so uses up everyone's allowance.

The rule, set by the host (``cascading_pages/conf.py``):

- ``CASCADING_TRUSTED_PROXY_COUNT = 0`` (the default): the site is reached directly, and the
  sender is ``REMOTE_ADDR``. Any forwarding header is the client's own and is ignored.
- ``CASCADING_TRUSTED_PROXY_COUNT = N``: N proxies stand in front of the site, each appending the
  address it was reached from to ``CASCADING_CLIENT_IP_HEADER`` (``X-Forwarded-For``). The sender
  is the N-th entry from the right: the address the outermost proxy saw. Whatever the client wrote
  further left is ignored. A proxy that overwrites a header of its own instead (nginx's
  ``X-Real-IP``) is N = 1 with that header.

A request without such an address (the header is missing or too short, so it did not come through
the proxies) has none: throttles count all of those together, never not at all. IPv6 senders are
counted by their /64 network, as one subscriber is usually given a whole /64 to choose from.
"""

import ipaddress

from django.core import checks
from ipware import get_client_ip

from cascading_pages.conf import conf, retired_settings

#: How much of an IPv6 address identifies one subscriber.
IPV6_PREFIX = 64


def client_address(request):
    """The sender's address as throttles count it (an IPv6 sender's /64 network), or None."""
    proxies = conf.CASCADING_TRUSTED_PROXY_COUNT
    if proxies:
        # ipware's proxy count is the entries right of the client's in the header, and the
        # nearest proxy is not in it (it is REMOTE_ADDR): our N proxies wrote its last N entries.
        headers, proxy_count = [conf.CASCADING_CLIENT_IP_HEADER], proxies - 1
    else:
        headers, proxy_count = ["REMOTE_ADDR"], 0
    # strict=False: a client's own entries further left, well formed or not, do not matter.
    address, _routable = get_client_ip(
        request, proxy_count=proxy_count, request_header_order=headers, strict=False
    )
    if address is None:
        return None
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


@checks.register(checks.Tags.security)
def check_client_address_settings(app_configs, **kwargs):
    errors = []
    proxies = conf.CASCADING_TRUSTED_PROXY_COUNT
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        errors.append(
            checks.Error(
                f"CASCADING_TRUSTED_PROXY_COUNT must be a whole number, 0 or more, not {proxies!r}.",
                hint="The number of reverse proxies in front of the site; 0 when it is reached directly.",
                id="cascading_pages.E002",
            )
        )
    header = conf.CASCADING_CLIENT_IP_HEADER
    if not isinstance(header, str) or not header or header == "REMOTE_ADDR":
        errors.append(
            checks.Error(
                f"CASCADING_CLIENT_IP_HEADER must name the header the proxies write, not {header!r}.",
                hint='A request.META key such as "HTTP_X_FORWARDED_FOR" or "HTTP_X_REAL_IP".',
                id="cascading_pages.E003",
            )
        )
    for name, replacement in retired_settings():
        errors.append(
            checks.Error(
                f"{name} is no longer read: {replacement}",
                hint=f"Remove {name} from the settings.",
                id="cascading_pages.E004",
            )
        )
    return errors
