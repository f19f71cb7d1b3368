"""ProxyFix, seen from inside the app (Flask's test client sets the WSGI environ directly)."""

import pytest
from app import create_app

# A request as a proxy at 10.0.0.5 would pass it on, for a client at 203.0.113.9 using HTTPS.
FROM_PROXY = {
    "environ_base": {"REMOTE_ADDR": "10.0.0.5"},
    "headers": {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "shop.example",
    },
}


def test_healthz_is_a_cheap_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_page_links_its_stylesheet_under_static(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<link rel="stylesheet" href="/static/style.css">' in response.data


def test_with_proxyfix_the_app_sees_the_client_scheme_and_host(client):
    seen = client.get("/whoami", **FROM_PROXY).get_json()

    assert seen["remote_addr"] == "203.0.113.9"  # X-Forwarded-For
    assert seen["scheme"] == "https"  # X-Forwarded-Proto
    assert seen["host"] == "shop.example"  # X-Forwarded-Host
    assert seen["url"] == "https://shop.example/whoami"  # so external links are right


def test_without_proxyfix_the_app_sees_the_proxy(direct_client):
    seen = direct_client.get("/whoami", **FROM_PROXY).get_json()

    assert seen["remote_addr"] == "10.0.0.5"
    assert seen["scheme"] == "http"
    assert seen["host"] == "localhost"
    assert seen["url"] == "http://localhost/whoami"
    assert seen["x_forwarded_for"] == "203.0.113.9"  # the header is there, just not trusted


def test_x_for_1_trusts_only_the_last_address_in_the_header(client):
    # A client may send its own X-Forwarded-For; nginx appends the address it really saw.
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}
    seen = client.get("/whoami", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.5"})
    assert seen.get_json()["remote_addr"] == "203.0.113.9"


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "203.0.113.9"), ("1", "203.0.113.9"), ("0", "10.0.0.5")]
)
def test_behind_proxy_comes_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("BEHIND_PROXY", raising=False)
    else:
        monkeypatch.setenv("BEHIND_PROXY", value)
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/whoami", **FROM_PROXY).get_json()["remote_addr"] == expected


def test_unknown_paths_and_methods_are_4xx(client):
    assert client.get("/nope").status_code == 404
    assert client.post("/healthz").status_code == 405
