"""The address of the client a request comes from, as the site's own proxies saw it.

Behind a reverse proxy every connection comes from the proxy; the proxy says whom it
serves by adding that address to the right of `X-Forwarded-For`. Anything further left
was written by the client, or by proxies in front of it, and may be forged. So the header
is read from the right, one entry per trusted proxy, and no further:

- `TRUSTED_PROXY_COUNT` (default 0): how many proxies the site runs in front of the app
  servers (1 for one nginx; 2 for a CDN or load balancer in front of it). Each hop trusted
  so far is believed about the hop before it.
- `TRUSTED_PROXIES`: addresses or networks (`10.0.0.0/8`, `::1`) of proxies trusted by
  address instead. A hop is believed only if it comes from one of them; with both
  settings, it must also be within the count.

With neither, the connection's address (`REMOTE_ADDR`) is the client's, whatever the
header says. An entry that is not an IP address ends the walk: the last address proven
stands, so a garbled or hostile header can never name somebody else. Addresses come back
in one spelling (`2001:db8::1`, an IPv4-mapped IPv6 address as IPv4), with no port.

Everything that counts or records a client (the sign-on and resend limits, the admin's
login throttle, the address stored with a sign-on) asks `client_ip`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# No client needs more hops than this read: a longer header is someone's junk.
MAX_HOPS = 32


def client_ip(request):
    """The client's address as a string, or None when it is not known.

    A connection with no IP address (a Unix socket) is trusted by the count only.
    """
    address = parse_address(request.META.get("REMOTE_ADDR", ""))
    count, networks = _trust()
    hops = forwarded_for(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    believed = 0
    while hops and _trusted(address, believed, count, networks):
        previous = parse_address(hops.pop())
        if previous is None:
            break
        address = previous
        believed += 1
    return None if address is None else str(address)


def forwarded_for(header):
    """The entries of an X-Forwarded-For header, left to right (the last MAX_HOPS)."""
    # Two headers reach WSGI joined by a comma, as one list, which is what they mean.
    return [entry.strip() for entry in header.split(",")][-MAX_HOPS:] if header else []


def parse_address(value):
    """An IPv4 or IPv6 address from a header entry or REMOTE_ADDR, or None.

    Accepts what proxies write: `192.0.2.1`, `2001:db8::1`, a port (`192.0.2.1:4711`,
    `[2001:db8::1]:4711`), brackets. Anything else (`unknown`, a host name, an
    obfuscated RFC 7239 identifier, garbage) is None.
    """
    value = value.strip()
    if not value or len(value) > 64:
        return None
    if value.startswith("["):
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not _is_port(rest)):
            return None
        value = host
    elif value.count(":") == 1:  # IPv4 with a port; IPv6 has at least two colons
        value, _colon, port = value.partition(":")
        if not _is_port(":" + port):
            return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6:
        if address.scope_id:  # fe80::1%eth0: the zone is the server's, not the client's
            address = ipaddress.IPv6Address(value.partition("%")[0])
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
    return address


def _is_port(text):
    digits = text[1:]
    return text.startswith(":") and digits.isascii() and digits.isdigit() and int(digits) < 65536


def _trusted(address, believed, count, networks):
    """May the hop at `address`, the `believed`-th after the connection, name the one
    before it?"""
    if networks:
        return (
            address is not None
            and any(address in network for network in networks)
            and (not count or believed < count)
        )
    return believed < count


def _trust():
    return _parsed_trust(
        int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0),
        tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()),
    )


@lru_cache(maxsize=8)
def _parsed_trust(count, proxies):
    if count < 0:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {count}.")
    networks = []
    for proxy in proxies:
        try:
            networks.append(ipaddress.ip_network(proxy.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {proxy!r} is not an IP address or network."
            ) from None
    return count, tuple(networks)
