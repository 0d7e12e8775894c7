"""The identity host: authorize with PKCE, code exchange, refresh rotation and grace,
client credentials, revocation and /Connections."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from xero_connector.xero.client import XeroClient, pkce_pair
from xero_connector.xero.errors import XeroAuthError, XeroGrantRevoked
from xero_emulator import EmulatorServer
from xero_emulator.state import EmulatorState

REDIRECT = "https://odoo.example.com/xero/oauth/callback"


@pytest.fixture
def oauth_client(emulator, tenant_id):
    holder = {}
    xero = XeroClient(emulator.endpoints(), "oauth-app", "oauth-secret", token_getter=lambda: holder["token"])
    xero.holder = holder
    return xero


def authorize(xero, challenge, state="st4te"):
    answer = requests.get(xero.authorization_url(REDIRECT, state, challenge), allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    location = urlparse(answer.headers["Location"])
    assert location.geturl().startswith(REDIRECT)
    return parse_qs(location.query)


def test_authorization_code_flow_with_pkce(oauth_client, tenant_id):
    verifier, challenge = pkce_pair()
    params = authorize(oauth_client, challenge)
    assert params["state"] == ["st4te"]
    token = oauth_client.exchange_code(params["code"][0], REDIRECT, verifier)
    assert token["refresh_token"] and token["expires_at"] and token["scope"]
    oauth_client.holder["token"] = token
    assert [c["tenant_id"] for c in oauth_client.connections()] == [tenant_id]


def test_wrong_verifier_and_reused_code_are_refused(oauth_client):
    verifier, challenge = pkce_pair()
    params = authorize(oauth_client, challenge)
    with pytest.raises(XeroGrantRevoked):
        oauth_client.exchange_code(params["code"][0], REDIRECT, "not-the-verifier")
    with pytest.raises(XeroGrantRevoked):  # the code was spent by the failed attempt
        oauth_client.exchange_code(params["code"][0], REDIRECT, verifier)


def test_refresh_rotates_and_old_token_has_a_grace_period(emulator, oauth_client):
    verifier, challenge = pkce_pair()
    token = oauth_client.exchange_code(authorize(oauth_client, challenge)["code"][0], REDIRECT, verifier)
    rotated = oauth_client.refresh_token(token["refresh_token"], token["scope"])
    assert rotated["refresh_token"] != token["refresh_token"]
    replay = oauth_client.refresh_token(token["refresh_token"], token["scope"])  # a lost answer, retried
    assert replay["refresh_token"] == rotated["refresh_token"]
    emulator.admin("POST", "clock", advance=31 * 60)
    with pytest.raises(XeroGrantRevoked):
        oauth_client.refresh_token(token["refresh_token"], token["scope"])
    assert oauth_client.refresh_token(rotated["refresh_token"], rotated["scope"])["access_token"]


def test_refresh_accepts_credentials_in_a_basic_header(emulator, oauth_client):
    verifier, challenge = pkce_pair()
    token = oauth_client.exchange_code(authorize(oauth_client, challenge)["code"][0], REDIRECT, verifier)
    answer = requests.post(
        emulator.url + "/connect/token",
        auth=("oauth-app", "oauth-secret"),
        timeout=10,
        data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
    )
    assert answer.status_code == 200 and answer.json()["token_type"] == "Bearer"


def test_revocation_ends_the_grant(oauth_client):
    verifier, challenge = pkce_pair()
    token = oauth_client.exchange_code(authorize(oauth_client, challenge)["code"][0], REDIRECT, verifier)
    oauth_client.revoke(token["refresh_token"])
    with pytest.raises(XeroGrantRevoked):
        oauth_client.refresh_token(token["refresh_token"], token["scope"])
    oauth_client.holder["token"] = token
    with pytest.raises(XeroAuthError):
        oauth_client.connections()


def test_expired_access_token_is_refused_with_xero_shape(emulator, api):
    emulator.admin("POST", "clock", advance=1801)
    answer = api("GET", "Organisation")
    assert answer.status_code == 401 and answer.json()["Detail"].startswith("TokenExpired")


def test_wrong_tenant_is_forbidden(emulator, client):
    other = emulator.seed("empty", "Unconsented Org")
    token = client._current_token()["access_token"]
    answer = requests.get(
        emulator.url + "/api.xro/2.0/Organisation",
        timeout=10,
        headers={"Authorization": "Bearer " + token, "xero-tenant-id": other},
    )
    assert answer.status_code == 403 and answer.json()["Detail"] == "AuthenticationUnsuccessful"


def test_several_tenants_and_deleting_a_connection(emulator, oauth_client, tenant_id):
    other = emulator.seed("empty", "Second Org")
    verifier, challenge = pkce_pair()
    oauth_client.holder["token"] = oauth_client.exchange_code(
        authorize(oauth_client, challenge)["code"][0], REDIRECT, verifier
    )
    connections = oauth_client.connections()
    assert {c["tenant_id"] for c in connections} == {tenant_id, other}
    oauth_client.delete_connection([c for c in connections if c["tenant_id"] == other][0]["id"])
    assert [c["tenant_id"] for c in oauth_client.connections()] == [tenant_id]


def test_revoking_one_sign_in_removes_every_connection_of_its_user(emulator, oauth_client, tenant_id):
    other = emulator.seed("empty", "Second Org")
    tokens = []
    for _sign_in in range(2):  # the same accountant connects the app for two companies
        verifier, challenge = pkce_pair()
        tokens.append(oauth_client.exchange_code(authorize(oauth_client, challenge)["code"][0], REDIRECT, verifier))
    oauth_client.holder["token"] = tokens[1]
    assert {c["tenant_id"] for c in oauth_client.connections()} == {tenant_id, other}, "one consent, shared"
    oauth_client.revoke(tokens[0]["refresh_token"])
    assert oauth_client.connections() == [], "the other sign-in's organisations went too"


def test_client_credentials_reach_the_custom_connection_tenant(emulator, client, tenant_id):
    assert [c["tenant_id"] for c in client.connections()] == [tenant_id]
    assert "refresh_token" not in client.client_credentials_token()


def token_answer(emulator, secret, client_id="oauth-app", **form):
    return requests.post(
        emulator.url + "/connect/token", auth=(client_id, secret), data=form, timeout=10, allow_redirects=False
    )


def test_another_secret_than_the_apps_is_invalid_client_at_every_grant_and_at_revocation(emulator, oauth_client):
    verifier, challenge = pkce_pair()
    token = oauth_client.exchange_code(authorize(oauth_client, challenge)["code"][0], REDIRECT, verifier)
    verifier, challenge = pkce_pair()
    code = authorize(oauth_client, challenge)["code"][0]
    refused = [
        token_answer(emulator, "wrong", grant_type="authorization_code", code=code, redirect_uri=REDIRECT),
        token_answer(emulator, "wrong", grant_type="refresh_token", refresh_token=token["refresh_token"]),
        token_answer(emulator, "wrong", grant_type="client_credentials"),
        requests.post(
            emulator.url + "/connect/revocation",
            data={"token": token["refresh_token"], "client_id": "oauth-app", "client_secret": "wrong"},
            timeout=10,
        ),
    ]
    assert [(r.status_code, r.json()) for r in refused] == [(401, {"error": "invalid_client"})] * 4
    assert oauth_client.exchange_code(code, REDIRECT, verifier)["access_token"], "the code was not spent"
    assert oauth_client.refresh_token(token["refresh_token"], token["scope"]), "nor the grant revoked"


def test_an_app_registered_with_its_secret_refuses_any_other_until_reset(emulator, tenant_id):
    emulator.admin("POST", "apps", client_id="registered-app", client_secret="the-real-one")
    emulator.admin("POST", "apps", client_id="registered-app", granular_only=True)  # keeps the secret
    emulator.seed("empty", "Second Org")  # so does seeding
    first = token_answer(emulator, "first-guess", client_id="registered-app", grant_type="client_credentials")
    assert (first.status_code, first.json()) == (401, {"error": "invalid_client"}), "not registered by first use"
    granted = token_answer(emulator, "the-real-one", client_id="registered-app", grant_type="client_credentials")
    assert granted.status_code == 200 and "accounting.invoices" in granted.json()["scope"]
    emulator.admin("POST", "reset")
    emulator.seed()
    again = token_answer(emulator, "first-guess", client_id="registered-app", grant_type="client_credentials")
    assert again.status_code == 200, "reset forgets the app: its next secret is its first"


def test_an_app_first_used_with_no_secret_registered_keeps_the_first_one(emulator, client):
    refused = token_answer(emulator, "another-secret", client_id="custom-app", grant_type="client_credentials")
    assert (refused.status_code, refused.json()) == (401, {"error": "invalid_client"})
    assert client.client_credentials_token()["access_token"]


def sign_in_answer(xero, redirect_uri):
    _verifier, challenge = pkce_pair()
    return requests.get(xero.authorization_url(redirect_uri, "st4te", challenge), allow_redirects=False, timeout=10)


def test_a_redirect_uri_not_the_apps_gets_an_error_page_not_a_redirect(oauth_client):
    assert sign_in_answer(oauth_client, REDIRECT).status_code == 302, "the first one used is the app's"
    refused = sign_in_answer(oauth_client, "https://attacker.example/xero/oauth/callback")
    assert "Location" not in refused.headers
    assert (refused.status_code, refused.json()) == (
        500,
        {"error": "unauthorized_client", "error_description": "Invalid redirect_uri"},
    )
    assert sign_in_answer(oauth_client, REDIRECT + "/").status_code == 500, "compared exactly"
    assert sign_in_answer(oauth_client, REDIRECT).status_code == 302


def test_an_app_registered_with_redirect_uris_accepts_only_those(emulator, tenant_id):
    other = "https://odoo.example.com/other/callback"
    emulator.admin("POST", "apps", client_id="oauth-app", redirect_uris=[REDIRECT, other])
    xero = XeroClient(emulator.endpoints(), "oauth-app", "oauth-secret")
    assert [sign_in_answer(xero, uri).status_code for uri in (REDIRECT, other)] == [302, 302]
    assert sign_in_answer(xero, "https://odoo.example.com/third").status_code == 500, "not registered by first use"


def test_a_saved_state_keeps_each_apps_secret_and_redirect_uris(emulator, tenant_id, tmp_path):
    emulator.admin("POST", "apps", client_id="oauth-app", client_secret="oauth-secret", redirect_uris=[REDIRECT])
    emulator.admin("POST", "save", path=str(tmp_path / "state.pickle"))
    state = EmulatorState()
    state.load(str(tmp_path / "state.pickle"))
    with EmulatorServer(state=state) as server:
        restarted = type(emulator)(server)  # the emulator as restarted from its file
        refused = token_answer(restarted, "wrong", grant_type="client_credentials")
        assert (refused.status_code, refused.json()) == (401, {"error": "invalid_client"})
        xero = XeroClient(restarted.endpoints(), "oauth-app", "oauth-secret")
        assert sign_in_answer(xero, "https://odoo.example.com/elsewhere").status_code == 500
        assert sign_in_answer(xero, REDIRECT).status_code == 302
