"""The client's address comes from the trusted proxies only, and cannot be forged."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from advocacy.clientip import client_ip, parse_address
from tests import factories

NGINX = "127.0.0.1"
CLIENT = "203.0.113.7"


def address(remote_addr, forwarded_for=None, **trust):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)
    with override_settings(
        TRUSTED_PROXY_COUNT=trust.get("count", 0), TRUSTED_PROXIES=trust.get("proxies", [])
    ):
        return client_ip(request)


# --- No proxy: the connection is the client --------------------------------------------


def test_without_a_proxy_the_connection_is_the_client():
    assert address(CLIENT) == CLIENT


def test_without_a_trusted_proxy_a_forged_header_changes_nothing():
    assert address(CLIENT, "198.51.100.1") == CLIENT
    assert address(CLIENT, "198.51.100.1, 198.51.100.2") == CLIENT


def test_a_proxy_not_named_in_the_settings_is_not_believed():
    assert address(NGINX, CLIENT, proxies=["10.0.0.0/8"]) == NGINX


# --- One proxy (nginx) ------------------------------------------------------------------


def test_one_proxy_names_the_client():
    assert address(NGINX, CLIENT, count=1) == CLIENT


def test_one_proxy_ignores_what_the_client_wrote_before_it():
    # The client sent "X-Forwarded-For: 198.51.100.1, 10.0.0.1"; nginx appended its peer.
    assert address(NGINX, f"198.51.100.1, 10.0.0.1, {CLIENT}", count=1) == CLIENT


def test_two_headers_are_one_list():
    # WSGI joins repeated headers with a comma; the proxy's entry is still the last one.
    assert address(NGINX, f"198.51.100.1,{CLIENT}", count=1) == CLIENT


def test_a_request_that_bypassed_the_proxy_is_the_connection():
    assert address(CLIENT, None, count=1) == CLIENT
    assert address(CLIENT, "", count=1) == CLIENT


# --- Two proxies (a load balancer in front of nginx) -------------------------------------


def test_two_proxies_name_the_client_two_entries_from_the_right():
    balancer = "10.0.0.5"
    assert address(NGINX, f"198.51.100.1, {CLIENT}, {balancer}", count=2) == CLIENT


def test_two_proxies_and_a_client_that_reached_nginx_directly():
    # Only nginx appended: its entry is the client's real address, whatever came before.
    assert address(NGINX, CLIENT, count=2) == CLIENT


def test_proxies_trusted_by_network_are_walked_past_and_no_further():
    proxies = ["127.0.0.1", "10.0.0.0/8"]
    chain = f"198.51.100.1, {CLIENT}, 10.1.2.3, 10.0.0.5"
    assert address(NGINX, chain, proxies=proxies) == CLIENT


def test_a_count_caps_the_trusted_networks():
    chain = f"198.51.100.1, {CLIENT}, 10.0.0.5"
    assert address(NGINX, chain, count=1, proxies=["127.0.0.1", "10.0.0.0/8"]) == "10.0.0.5"


def test_a_connection_from_outside_the_trusted_networks_is_the_client():
    assert address(CLIENT, "198.51.100.1", proxies=["127.0.0.1"]) == CLIENT


# --- IPv6 ---------------------------------------------------------------------------------


def test_ipv6_addresses_in_one_spelling():
    assert address("::1", "2001:DB8:0:0::7", count=1) == "2001:db8::7"
    assert address("::1", "[2001:db8::7]:4711", count=1) == "2001:db8::7"
    assert address("2001:db8::7") == "2001:db8::7"


def test_an_ipv4_mapped_address_is_the_ipv4_address():
    assert address("::ffff:127.0.0.1", CLIENT, proxies=["127.0.0.1"]) == CLIENT
    assert address("::ffff:203.0.113.7") == CLIENT


def test_trusted_ipv6_networks():
    assert address("fd00::2", f"{CLIENT}", proxies=["fd00::/8"]) == CLIENT


def test_a_port_after_an_ipv4_address_is_dropped():
    assert address(NGINX, f"{CLIENT}:51234", count=1) == CLIENT


# --- Garbage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbage",
    ["unknown", "_hidden", "example.org", "300.1.1.1", "1.2.3", "[::1", "1.2.3.4:99999", "", " "],
)
def test_an_entry_that_is_no_address_stops_at_the_last_proven_one(garbage):
    assert address(NGINX, garbage, count=1) == NGINX
    assert address(NGINX, f"{garbage}, {CLIENT}", count=2) == CLIENT
    assert address(NGINX, f"{CLIENT}, {garbage}", count=2) == NGINX


def test_a_header_of_endless_junk_is_read_only_so_far():
    chain = ", ".join(["10.0.0.1"] * 10_000)
    assert address(NGINX, chain, proxies=["127.0.0.0/8", "10.0.0.0/8"]) == "10.0.0.1"


def test_a_connection_with_no_ip_address():
    assert address("", CLIENT) is None
    assert address("", CLIENT, count=1) == CLIENT  # a Unix socket from the local proxy


@given(st.text(max_size=80))
def test_any_header_gives_an_address_or_the_connection(header):
    result = address(NGINX, header, count=1)
    assert result == NGINX or parse_address(result) is not None


def test_a_trusted_proxy_that_is_not_an_address_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="not an IP address or network"):
        address(NGINX, CLIENT, proxies=["proxy.example.org"])


# --- The admin's login throttle, behind the proxy ----------------------------------------


@pytest.mark.django_db
def test_the_login_pause_holds_the_guesser_not_every_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    login = reverse("admin:login")
    factories.make_user(username="editor")

    def attempt(password, forwarded_for):
        return client.post(
            login,
            {"username": "editor", "password": password},
            REMOTE_ADDR=NGINX,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    for n in range(settings.ADMIN_LOGIN_MAX_FAILURES):
        # A guesser who rewrites the header on every try is still one client.
        assert attempt("guess", f"10.0.0.{n}, {CLIENT}").status_code == 200
    assert attempt("guess", f"10.0.0.99, {CLIENT}").status_code == 429
    assert attempt("correct horse battery staple", "198.51.100.20").status_code == 302
