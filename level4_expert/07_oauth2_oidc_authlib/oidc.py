"""The OpenID Provider as Authlib's client: registered from the provider's discovery document.

    client = current_app.extensions["oidc"]
    client.authorize_redirect(redirect_uri)     # to the provider's login page, with PKCE
    token = client.authorize_access_token()     # at the callback: checked state, code, id_token

Nothing about the provider is written here but its discovery URL: the authorization, token,
userinfo, JWKS and end-session endpoints, the issuer and the signing algorithms all come from
`<issuer>/.well-known/openid-configuration`, fetched on first use.
"""

from authlib.integrations.flask_client import OAuth

SCOPE = "openid profile email offline_access"  # offline_access: a refresh token
TIMEOUT = 5  # seconds for every call to the provider


def register_provider(app):
    oauth = OAuth(app)
    # exercise: start - register the provider from its discovery URL, with PKCE (S256)
    client = oauth.register(
        name="idp",
        server_metadata_url=app.config["OIDC_DISCOVERY_URL"],
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "default_timeout": TIMEOUT},
    )
    # exercise: end
    app.extensions["oidc"] = client
    return client
