"""The id_token is checked before anyone is logged in: its RS256 signature against the provider's
JWKS, its issuer, its audience, its expiry and its nonce.

How: the app is registered from a TokenProxy (conftest.py), whose discovery document is the live
provider's but for its token endpoint. The proxy passes each token request to the provider, then
rewrites the id_token of the answer: changed after signing, signed with another key, unsigned,
re-signed with the provider's own key (the tests made it) but expired or for another client,
or replaced by a genuine id_token of an earlier login (a replayed nonce). Each is a 400 at the
callback, and no session."""

import base64
import json

import pytest
from joserfc.errors import BadSignatureError, ExpiredTokenError, InvalidClaimError
from joserfc.jwk import RSAKey

VERIFY = "Skill missing: verify the id_token (RS256 on the provider's JWKS, iss, aud, exp, nonce)"


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def payload_of(id_token: str) -> dict:
    part = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def changed_after_signing(id_token):
    header, _, signature = id_token.split(".")
    return f"{header}.{b64({**payload_of(id_token), 'sub': 'mallory'})}.{signature}"


def unsigned(id_token):
    return f"{b64({'alg': 'none', 'kid': 'test-signing-key'})}.{b64(payload_of(id_token))}."


@pytest.fixture
def rewrites(sign, claims_of, now, token_proxy):
    other_key = RSAKey.generate_key(2048, private=True)
    return {
        "changed after signing": (changed_after_signing, "bad_signature"),
        "signed with another key": (lambda t: sign(claims_of(t), other_key), "bad_signature"),
        "not signed (alg none)": (unsigned, ""),
        "expired": (
            lambda t: sign({**claims_of(t), "iat": now - 7200, "exp": now - 3600}),
            "expired_token",
        ),
        "for another client": (lambda t: sign({**claims_of(t), "aud": "other-app"}), "aud"),
        "for another client, azp ours": (
            lambda t: sign({**claims_of(t), "aud": ["other-app"], "azp": "flask-app"}),
            "aud",
        ),
        "from another issuer": (
            lambda t: sign({**claims_of(t), "iss": "http://127.0.0.1:1"}),
            "iss",
        ),
        "a replayed nonce": (lambda t: token_proxy.seen[0], "nonce"),  # an earlier login's
    }


CASES = [
    "changed after signing",
    "signed with another key",
    "not signed (alg none)",
    "expired",
    "for another client",
    "for another client, azp ours",
    "from another issuer",
    "a replayed nonce",
]


@pytest.fixture
def proxied(make_app, token_proxy, pages):
    """A test client of the app registered through the proxy, and its login."""
    app = make_app(OIDC_DISCOVERY_URL=token_proxy.discovery)
    client = app.test_client()

    def login():
        response = client.get("/login")
        return client.get(callback_path(pages.authorize(response.headers["Location"])))

    return client, login


def callback_path(url):
    return url.removeprefix("http://localhost")


def test_the_proxy_changes_nothing_by_itself(proxied, token_proxy):
    client, login = proxied
    assert login().status_code == 302
    with client.session_transaction() as session:
        assert session["user"]["sub"] == "alice"
        assert session["id_token"] == token_proxy.seen[-1]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_id_token_is_refused_at_the_callback(proxied, token_proxy, rewrites, error_of, case):
    client, login = proxied
    if case == "a replayed nonce":
        assert login().status_code == 302  # a first, genuine login: its id_token is seen[0]
        token_proxy.seen[:] = token_proxy.seen[-1:]
        client.post("/logout")
    rewrite, reason = rewrites[case]
    token_proxy.rewrite = rewrite
    response = login()
    assert response.status_code == 400, f"{VERIFY}: an id_token {case} was accepted"
    assert reason in error_of(response, 400)
    with client.session_transaction() as session:
        assert "user" not in session, f"{VERIFY}: an id_token {case} logged someone in"


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("changed after signing", BadSignatureError),
        ("signed with another key", BadSignatureError),
        ("expired", ExpiredTokenError),
        ("for another client", InvalidClaimError),
        ("for another client, azp ours", InvalidClaimError),
        ("from another issuer", InvalidClaimError),
    ],
)
def test_authlib_checks_each_claim_against_the_live_jwks(app, login, rewrites, error, case):
    """The same checks, called directly: Authlib's parse_id_token with the keys it fetched from
    the provider's jwks_uri (a genuine id_token of a login as the starting point)."""
    login()
    session = login.session()
    genuine = {"id_token": session["id_token"], "access_token": session["token"]["access_token"]}
    nonce = payload_of(genuine["id_token"])["nonce"]
    client = app.extensions["oidc"]
    rules = {
        "iss": {"essential": True, "value": client.load_server_metadata()["issuer"]},
        "aud": {"essential": True, "value": "flask-app"},
    }  # as auth.callback gives them
    assert client.parse_id_token(genuine, nonce, rules)["sub"] == "alice"
    assert client.server_metadata["jwks"]["keys"][0]["kid"] == "test-signing-key"  # the live JWKS
    bad = {**genuine, "id_token": rewrites[case][0](genuine["id_token"])}
    with pytest.raises(error):
        client.parse_id_token(bad, nonce, rules)
    with pytest.raises(InvalidClaimError, match="nonce"):
        client.parse_id_token(genuine, "another-login's-nonce", rules)


def test_authlib_alone_accepts_another_audience_when_azp_is_ours(app, login, sign, claims_of):
    """Why auth.callback passes claims_options: without them, Authlib 1.9 checks `aud` only
    through `azp`, and takes a token for another client that names this one as azp."""
    login()
    session = login.session()
    claims = claims_of(session["id_token"])
    other = sign({**claims, "aud": ["other-app"], "azp": "flask-app"})
    token = {"id_token": other, "access_token": session["token"]["access_token"]}
    assert app.extensions["oidc"].parse_id_token(token, claims["nonce"])["aud"] == ["other-app"]
