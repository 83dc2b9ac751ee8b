"""The client's address: X-Forwarded-For is read from the right, only through
trusted proxies, so a client cannot choose the address its lockout counts."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from madoguchi.core.client import client_address

PROXIES = "10.0.0.5, 192.168.0.0/24, 2001:db8::/32"

# (trusted proxies, REMOTE_ADDR, X-Forwarded-For or None, the client)
CASES = [
    # No proxy trusted (the default): the header is the client's own words.
    ("", "203.0.113.7", None, "203.0.113.7"),
    ("", "203.0.113.7", "198.51.100.1", "203.0.113.7"),
    # A trusted proxy appended the address it saw: that is the client.
    (PROXIES, "10.0.0.5", "203.0.113.7", "203.0.113.7"),
    # ... whatever the client wrote to the left of it.
    (PROXIES, "10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
    (PROXIES, "10.0.0.5", "10.0.0.5, 203.0.113.7", "203.0.113.7"),
    # Two trusted hops (a load balancer, then nginx): both skipped.
    (PROXIES, "10.0.0.5", "1.2.3.4, 203.0.113.7, 192.168.0.20", "203.0.113.7"),
    # REMOTE_ADDR not trusted: a client talking to the app directly cannot name itself.
    (PROXIES, "203.0.113.7", "10.0.0.9", "203.0.113.7"),
    (PROXIES, "198.51.100.9", "192.168.0.20", "198.51.100.9"),
    # Ports and IPv6 as proxies write them; IPv4-mapped IPv6 is the IPv4 address.
    (PROXIES, "10.0.0.5", "203.0.113.7:51234", "203.0.113.7"),
    (PROXIES, "10.0.0.5", "[2001:db9::1]:443", "2001:db9::1"),
    (PROXIES, "2001:db8::5", "2001:db9::1", "2001:db9::1"),
    ("", "::ffff:203.0.113.7", None, "203.0.113.7"),
    # Garbage a trusted proxy passed on ends the walk at the last trusted hop.
    (PROXIES, "10.0.0.5", "203.0.113.7, not-an-address, 192.168.0.20", "192.168.0.20"),
    # Every hop trusted (a terminal inside the trusted network): the leftmost.
    (PROXIES, "10.0.0.5", "192.168.0.30, 192.168.0.20", "192.168.0.30"),
    (PROXIES, "10.0.0.5", "", "10.0.0.5"),
    # No REMOTE_ADDR at all.
    ("", "", None, "unknown"),
]


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), CASES)
def test_the_client_is_the_first_untrusted_hop_from_the_right(settings, proxies, remote, forwarded, expected):
    settings.MADOGUCHI_TRUSTED_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    assert client_address(RequestFactory().get("/", **meta)) == expected


def test_a_bad_proxy_entry_is_a_configuration_error_naming_it(settings):
    settings.MADOGUCHI_TRUSTED_PROXIES = "10.0.0.5, proxy.city.local"
    with pytest.raises(ImproperlyConfigured, match="proxy.city.local"):
        client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.5"))


@pytest.mark.parametrize("removed", ["BOOKING_CLIENT_IP_HEADER", "MADOGUCHI_CLIENT_IP_HEADER"])
def test_the_removed_header_settings_stop_the_start_with_the_way_forward(removed):
    import os
    import subprocess
    import sys

    env = {**os.environ, removed: "HTTP_X_FORWARDED_FOR", "DJANGO_SETTINGS_MODULE": "madoguchi.settings.test"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "MADOGUCHI_TRUSTED_PROXIES" in result.stderr and removed in result.stderr
