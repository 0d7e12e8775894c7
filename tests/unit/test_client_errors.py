"""SDK failures become the typed errors callers act on, and no secret leaks into them."""

import socket
import threading

import pytest

from xero_connector.xero.client import XeroClient, XeroEndpoints, XeroEndpointsRefused, pkce_pair, token_with_expiry
from xero_connector.xero.errors import (
    XeroAuthError,
    XeroGrantRevoked,
    XeroNotFound,
    XeroTransient,
    XeroValidationError,
)


def test_pkce_challenge_is_the_s256_of_the_verifier():
    import base64
    import hashlib

    verifier, challenge = pkce_pair()
    assert 43 <= len(verifier) <= 128
    assert challenge == base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def test_token_always_gets_an_expiry_so_the_sdk_refreshes_it():
    token = token_with_expiry({"access_token": "a", "expires_in": 1800, "scope": "x y"}, now=100.0)
    assert (token["expires_at"], token["scope"]) == (1900.0, ["x", "y"])


def test_endpoints_default_to_xero_and_derive_revocation():
    endpoints = XeroEndpoints.for_base_url(None)
    assert endpoints.api_url == "https://api.xero.com"
    assert endpoints.authorize_url == "https://login.xero.com/identity/connect/authorize"
    assert endpoints.revocation_url == "https://identity.xero.com/connect/revocation"


def test_a_base_url_puts_every_endpoint_on_it_with_xeros_paths():
    endpoints = XeroEndpoints.for_base_url("https://xero-proxy.example/")
    assert endpoints == XeroEndpoints(
        "https://xero-proxy.example/identity/connect/authorize",
        "https://xero-proxy.example/connect/token",
        "https://xero-proxy.example",
    )
    assert endpoints.revocation_url == "https://xero-proxy.example/connect/revocation"
    assert XeroEndpoints.for_base_url("http://127.0.0.1:8765").token_url == "http://127.0.0.1:8765/connect/token"


@pytest.mark.parametrize(
    "base_url",
    ["http://xero-proxy.example", "http://10.0.0.5:8765", "ftp://127.0.0.1", "https://", "https://x.example?a=b"],
)
def test_credentials_never_travel_in_clear_to_another_host(base_url):
    with pytest.raises(XeroEndpointsRefused):
        XeroEndpoints.for_base_url(base_url)


def test_identity_calls_give_up_when_xero_never_answers():
    """The SDK sends its token calls without a timeout; a silent host would hold the
    worker, and the token row's lock, for ever."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are accepted by the kernel, and never answered
    base_url = "http://127.0.0.1:%d" % silent.getsockname()[1]
    xero = XeroClient(XeroEndpoints.for_base_url(base_url), "app", "secret", timeout=(1, 0.2))
    outcome = {}

    def refresh():
        try:
            xero.refresh_token("refresh-token", ["offline_access"])
        except XeroTransient as error:
            outcome["error"] = error

    try:
        for call in (refresh, lambda: outcome.update(revoke=_raises(XeroTransient, xero.revoke, "token"))):
            worker = threading.Thread(target=call, daemon=True)
            worker.start()
            worker.join(timeout=20)
            assert not worker.is_alive(), "the call still waits for Xero"
    finally:
        silent.close()
    assert "did not answer within" in outcome["error"].message
    assert outcome["revoke"]


def _raises(error_class, function, *args):
    try:
        function(*args)
    except error_class:
        return True
    return False


def test_not_found_and_validation(client, tenant_id):
    with pytest.raises(XeroNotFound):
        client.accounting(tenant_id, "get_contact", "00000000-0000-0000-0000-000000000000")
    from xero_python.accounting import Contact, Contacts

    with pytest.raises(XeroValidationError) as raised:
        client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Bayside Club")]))
    assert "already assigned" in raised.value.message


def test_refused_token_is_an_auth_error_without_the_token(emulator, tenant_id):
    xero = XeroClient(
        emulator.endpoints(),
        "app",
        "very-secret-value",
        token_getter=lambda: {
            "access_token": "leaked-token-value",
            "expires_at": 9e9,
            "scope": [],
            "token_type": "Bearer",
        },
    )
    with pytest.raises(XeroAuthError) as raised:
        xero.accounting(tenant_id, "get_organisations")
    assert "leaked-token-value" not in str(raised.value)
    assert "very-secret-value" not in repr(xero)


def test_invalid_grant_on_refresh_is_grant_revoked(emulator):
    xero = XeroClient(emulator.endpoints(), "app", "secret")
    with pytest.raises(XeroGrantRevoked):
        xero.refresh_token("never-issued", ["offline_access"])


FRENCH = {
    "Xero's identity service": "le service d'identité de Xero",
    "%(service)s could not be reached; the next run tries again (%(error)s).": (
        "%(service)s est injoignable ; le prochain passage réessaie (%(error)s)."
    ),
}


def in_french(template, *args, **kwargs):
    """What ``env._`` does with a French .po, for the terms above."""
    values = args or kwargs
    translated = FRENCH.get(template, template)
    return translated % values if values else translated


def test_error_words_reach_the_user_in_their_language():
    """The plain-Python layer keeps its words apart from their values, so that the Odoo
    layer shows them translated (``env._``), the service named inside them too."""
    xero = XeroClient(XeroEndpoints(token_url="http://127.0.0.1:9/connect/token"), "app", "secret")
    with pytest.raises(XeroTransient) as raised:
        xero.exchange_code("code", "http://localhost/callback", "verifier")
    assert raised.value.message.startswith("Xero's identity service could not be reached; the next run tries again")
    assert raised.value.user_message(in_french).startswith("le service d'identité de Xero est injoignable")


def test_xero_own_words_are_shown_as_xero_wrote_them(client, tenant_id):
    from xero_python.accounting import Contact, Contacts

    with pytest.raises(XeroValidationError) as raised:
        client.accounting(tenant_id, "create_contacts", Contacts(contacts=[Contact(name="Bayside Club")]))
    assert raised.value.user_message(in_french) == raised.value.message
