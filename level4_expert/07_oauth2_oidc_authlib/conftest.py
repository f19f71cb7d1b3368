import json
import re
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from app import create_app
from joserfc import jwt
from joserfc.jwk import RSAKey

from shared.testing import HOST, free_port, running

EXAMPLE = Path(__file__).resolve().parent
NODE = shutil.which("node") or "/usr/bin/node"
# where Node finds `oidc-provider` from provider.mjs: the first node_modules upwards (`npm ci`)
OIDC_PROVIDER = next(
    (up / "node_modules" / "oidc-provider" for up in EXAMPLE.parents
     if (up / "node_modules" / "oidc-provider").is_dir()),
    EXAMPLE.parents[1] / "node_modules" / "oidc-provider",
)  # fmt: skip
CLIENT_ID, CLIENT_SECRET = "flask-app", "test-client-secret"
TEST_CLIENT = "http://localhost"  # Flask's test client: the callback is http://localhost/callback
KID = "test-signing-key"


@pytest.fixture(scope="session")
def signing_key():
    """The provider's RS256 private key: made here, given to it as a JWKS file, so that a test can
    sign a token as the provider would (expired, for another audience) to see it refused."""
    return RSAKey.generate_key(2048, {"kid": KID, "alg": "RS256", "use": "sig"}, private=True)


@pytest.fixture(scope="session")
def provider(signing_key, tmp_path_factory):
    """npm oidc-provider (OpenID Certified) on Node, once per session, on a free port. It knows
    the client flask-app with two origins: the test client's and the live app's (e2e_port)."""
    if not Path(NODE).exists():
        pytest.skip("no Node.js: apt-get install -y nodejs")
    if not OIDC_PROVIDER.exists():
        pytest.skip("npm oidc-provider not installed: run `npm ci` at the repository root")
    jwks = tmp_path_factory.mktemp("provider") / "jwks.json"
    jwks.write_text(json.dumps({"keys": [signing_key.as_dict(private=True)]}))
    port, e2e_port = free_port(), free_port()
    cmd = [
        NODE, str(EXAMPLE / "provider.mjs"), "--port", str(port), "--jwks", str(jwks),
        "--app", TEST_CLIENT, "--app", f"http://{HOST}:{e2e_port}",
        "--client-secret", CLIENT_SECRET,
    ]  # fmt: skip
    with running(cmd, port=port, ready="listening on", timeout=30) as proc:
        url = f"http://{HOST}:{port}"
        metadata = requests.get(f"{url}/.well-known/openid-configuration", timeout=5).json()
        yield SimpleNamespace(
            url=url, proc=proc, metadata=metadata, e2e_port=e2e_port,
            discovery=f"{url}/.well-known/openid-configuration",
        )  # fmt: skip


@pytest.fixture
def make_app(provider):
    """make_app(**config): the app registered from the session's provider (or another URL)."""

    def make(**config):
        settings = {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "OIDC_DISCOVERY_URL": provider.discovery,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            **config,
        }
        return create_app(settings)

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


class ProviderPages:
    """A user at the provider's pages, with a browser's cookie jar but without a browser:
    requests fills in the login form (any login, any password) and the consent form."""

    def __init__(self, provider):
        self.provider = provider
        self.http = requests.Session()

    def _follow(self, response, until: str, username: str) -> str:
        for _ in range(12):
            location = response.headers.get("Location")
            if response.is_redirect and location:
                target = urljoin(response.url, location)
                if target.startswith(until):
                    return target
                response = self.http.get(target, allow_redirects=False, timeout=5)
                continue
            assert response.status_code == 200, response.text[:500]
            action = re.search(r'<form[^>]* action="([^"]+)"', response.text)
            assert action, f"no form on the provider's page: {response.text[:500]}"
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text)
            data = {"prompt": prompt.group(1)} if prompt else {"logout": "yes"}
            if data.get("prompt") == "login":
                data.update(login=username, password="any password")
            if "xsrf" in response.text:  # the logout form's hidden field
                data.update(re.findall(r'name="(xsrf)" value="([^"]+)"', response.text))
            response = self.http.post(
                urljoin(response.url, action.group(1)), data=data, allow_redirects=False, timeout=5
            )
        raise AssertionError("the provider never sent the browser back")

    def authorize(self, url: str, username: str = "alice", until: str = TEST_CLIENT) -> str:
        """Open the authorization URL, log in and consent: the URL the provider sends back to."""
        return self._follow(self.http.get(url, allow_redirects=False, timeout=5), until, username)

    def end_session(self, url: str, until: str = TEST_CLIENT) -> str:
        """Open the end-session URL and confirm: the URL the provider sends back to."""
        return self._follow(self.http.get(url, allow_redirects=False, timeout=5), until, "")


@pytest.fixture
def pages(provider):
    return ProviderPages(provider)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


class Login:
    """The whole login of a test client: /login, the provider's pages, /callback."""

    def __init__(self, client, pages):
        self.client, self.pages = client, pages

    def start(self):
        """/login: the provider's authorization URL (and its query, parsed)."""
        response = self.client.get("/login")
        assert response.status_code == 302, response.get_data(as_text=True)
        url = response.headers["Location"]
        return url, {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}

    def callback_url(self, username="alice") -> str:
        """/login and the provider's pages: the callback URL with its code and state."""
        url, _ = self.start()
        return self.pages.authorize(url, username)

    def __call__(self, username="alice"):
        """The response of /callback."""
        return self.client.get(path_of(self.callback_url(username)))

    def session(self) -> dict:
        with self.client.session_transaction() as session:
            return dict(session)


@pytest.fixture
def login(client, pages):
    return Login(client, pages)


@pytest.fixture
def error_of():
    """error_of(response, status): the message, checking the one shape every error has."""

    def read(response, status):
        assert response.status_code == status, response.get_data(as_text=True)
        body = response.get_json()
        assert list(body) == ["error"] and body["error"]["status"] == status
        return body["error"]["message"]

    return read


@pytest.fixture
def token_request(provider):
    """token_request(**form): a POST to the provider's token endpoint as the client."""

    def post(**form):
        return requests.post(
            provider.metadata["token_endpoint"], data=form, auth=(CLIENT_ID, CLIENT_SECRET),
            timeout=5,
        )  # fmt: skip

    return post


class TokenProxy:
    """Stands between the app and the provider's token endpoint, and rewrites the id_token of
    each token response with `rewrite` (None: as it came). Its discovery document is the
    provider's, with its own token endpoint: the app finds it as it finds the real one."""

    def __init__(self, provider):
        self.provider, self.rewrite, self.seen = provider, None, []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                metadata = {**proxy.provider.metadata, "token_endpoint": f"{proxy.url}/token"}
                self.reply(200, json.dumps(metadata).encode())

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k: self.headers[k] for k in ("Authorization", "Content-Type")}
                answer = requests.post(
                    proxy.provider.metadata["token_endpoint"], data=body, headers=headers,
                    timeout=5,
                )  # fmt: skip
                token = answer.json()
                if "id_token" in token:
                    proxy.seen.append(token["id_token"])
                    if proxy.rewrite is not None:
                        token["id_token"] = proxy.rewrite(token["id_token"])
                self.reply(answer.status_code, json.dumps(token).encode())

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}"
        self.discovery = f"{self.url}/.well-known/openid-configuration"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def _token_proxy(provider):
    proxy = TokenProxy(provider)
    yield proxy
    proxy.server.shutdown()
    proxy.server.server_close()


@pytest.fixture
def token_proxy(_token_proxy):
    _token_proxy.rewrite = None
    yield _token_proxy
    _token_proxy.rewrite = None


@pytest.fixture
def sign(signing_key):
    """sign(claims, key=the provider's): an RS256 id_token with the provider's key id."""

    def make(claims: dict, key=signing_key) -> str:
        return jwt.encode({"alg": "RS256", "kid": KID}, claims, key)

    return make


@pytest.fixture
def claims_of(signing_key):
    """claims_of(id_token): its claims, checked against the provider's key."""

    def read(id_token: str) -> dict:
        return dict(jwt.decode(id_token, signing_key).claims)

    return read


@pytest.fixture
def now():
    return int(time.time())
