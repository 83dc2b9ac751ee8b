"""The client's address, worked out once for every lockout and rate limit.

    from madoguchi.core.client import client_address

    client_address(request)   # "203.0.113.7"

Behind the city's reverse proxy REMOTE_ADDR is the proxy. The proxy appends
the address it saw to `X-Forwarded-For`; whatever stands to the left of that
was written by the client and is worth nothing. So the header is read from
the right, skipping the hops named in MADOGUCHI_TRUSTED_PROXIES (addresses or
networks, e.g. "10.0.0.5,192.168.0.0/24"), and the first hop not trusted is
the client. The header is read at all only when REMOTE_ADDR itself is a
trusted proxy: a client talking to the app directly cannot name itself.
With the setting empty (the default) no proxy is trusted: REMOTE_ADDR.

A hop that is not an address (a client's garbage that a trusted proxy passed
on) ends the walk: the last trusted hop is answered, so garbage can never
rotate a client out of its lockout. When every hop is trusted (a terminal
inside the trusted network), the leftmost is the client.
docs/staff.md, "Behind a reverse proxy", has the nginx configuration that matches.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"  # no REMOTE_ADDR at all (a test client, a unix socket)


@functools.cache
def _networks(setting: str) -> tuple[Network, ...]:
    networks = []
    for item in (part.strip() for part in setting.replace(";", ",").split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"MADOGUCHI_TRUSTED_PROXIES: {item!r} is neither an address nor a network (e.g. 10.0.0.5 or 192.168.0.0/24)"
            ) from None
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    """The networks of MADOGUCHI_TRUSTED_PROXIES (a bad entry is a configuration error)."""
    return _networks(getattr(settings, "MADOGUCHI_TRUSTED_PROXIES", "") or "")


def _address(value: str) -> Address | None:
    """An address as a proxy writes it: bare, `[v6]:port`, or `v4:port`."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port (IPv6 has more colons)
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return address.ipv4_mapped or address if isinstance(address, ipaddress.IPv6Address) else address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent the request (see the module's docstring)."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return UNKNOWN
    networks = trusted_proxies()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    last_trusted = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return str(last_trusted)
        if not _trusted(address, networks):
            return str(address)
        last_trusted = address
    return str(last_trusted)
