"""Skill checks: each region is written with the skill, not only with the right behaviour.

The usual shortcuts pass a happy path: endpoints copied from the provider's docs instead of its
discovery document, no PKCE, an id_token read without checking it ("it came over TLS"), Authlib's
defaults trusted for the audience, a logout that ends only the local session. They fail here."""

import ast
import base64
import inspect
import json
import textwrap
from urllib.parse import parse_qs, urlsplit

import auth
import pytest


def called(function) -> set[str]:
    """The functions called in function's source, as written: "idp().authorize_access_token"."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def test_skill_the_provider_is_registered_from_its_discovery_document(app, provider):
    client = app.extensions["oidc"]
    assert client._server_metadata_url == provider.discovery, (
        "Skill missing: register the provider with server_metadata_url=OIDC_DISCOVERY_URL"
    )
    assert (client.authorize_url, client.access_token_url) == (None, None), (
        "Skill missing: take every endpoint from the discovery document, none written by hand"
    )
    assert (client.client_id, client.client_secret) == ("flask-app", "test-client-secret")
    assert "openid" in client.client_kwargs["scope"].split()


def test_skill_pkce_with_s256(app, login):
    assert app.extensions["oidc"].client_kwargs.get("code_challenge_method") == "S256", (
        "Skill missing: register with code_challenge_method='S256' (PKCE): the provider refuses "
        "an authorization request without a code_challenge"
    )
    response = login()
    assert response.status_code == 302, response.get_data(as_text=True)


def test_skill_the_callback_lets_authlib_check_the_answer():
    assert any(name.endswith("authorize_access_token") for name in called(auth.callback)), (
        "Skill missing: exchange the code with idp().authorize_access_token(...): it checks the "
        "state, sends the PKCE verifier and verifies the id_token (signature, exp, nonce)"
    )


def changed_after_signing(id_token: str) -> str:
    header, payload, signature = id_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "mallory"}).encode())
    return f"{header}.{forged.rstrip(b'=').decode()}.{signature}"


@pytest.mark.parametrize("case", ["changed after signing", "another login's nonce"])
def test_skill_the_callback_verifies_the_id_token(make_app, token_proxy, pages, case):
    client = make_app(OIDC_DISCOVERY_URL=token_proxy.discovery).test_client()

    def login():
        back = pages.authorize(client.get("/login").headers["Location"])
        return client.get(back.removeprefix("http://localhost"))

    if case == "another login's nonce":
        assert login().status_code == 302
        earlier = token_proxy.seen[-1]
        client.post("/logout")
        token_proxy.rewrite = lambda t: earlier
    else:
        token_proxy.rewrite = changed_after_signing
    response = login()
    with client.session_transaction() as session:
        logged_in = "user" in session
    assert response.status_code == 400 and not logged_in, (
        "Skill missing: verify the id_token (RS256 on the provider's JWKS, iss, aud, exp, nonce) "
        f"before logging anyone in: an id_token with {case} was taken"
    )


@pytest.mark.parametrize("aud", [["other-app"], ["other-app", "third-app"]])
def test_skill_the_callback_requires_this_client_in_aud(
    make_app, token_proxy, pages, sign, claims_of, error_of, aud
):
    token_proxy.rewrite = lambda t: sign({**claims_of(t), "aud": aud, "azp": "flask-app"})
    client = make_app(OIDC_DISCOVERY_URL=token_proxy.discovery).test_client()
    back = pages.authorize(client.get("/login").headers["Location"])
    response = client.get(back.removeprefix("http://localhost"))
    assert response.status_code == 400, (
        "Skill missing: pass claims_options requiring aud = the client_id (and iss = the "
        "issuer) to authorize_access_token: Authlib alone takes a token for another client"
    )
    assert "aud" in error_of(response, 400)


def test_skill_logout_revokes_and_ends_the_session_at_the_provider(
    login, client, provider, token_request
):
    login("alice")
    with client.session_transaction() as session:
        id_token, refresh_token = session["id_token"], session["token"]["refresh_token"]
    response = client.post("/logout")
    location = response.headers.get("Location", "")
    assert location.startswith(provider.metadata["end_session_endpoint"] + "?"), (
        "Skill missing: send the browser to the provider's end_session_endpoint "
        "(idp().logout_redirect): a local logout leaves the provider's session open"
    )
    params = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert params.get("id_token_hint") == id_token, (
        "Skill missing: give the id_token as id_token_hint"
    )
    assert params.get("post_logout_redirect_uri") == "http://localhost/logged-out"
    answer = token_request(grant_type="refresh_token", refresh_token=refresh_token)
    assert answer.status_code == 400, (
        "Skill missing: revoke the refresh token at the provider's revocation_endpoint on logout"
    )
