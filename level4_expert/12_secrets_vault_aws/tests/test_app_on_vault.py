"""The app on a real Vault-API server (OpenBao's dev server): AppRole, policy, rotation, outages."""

import logging
import os
import signal
import time

import pytest
from app import create_app
from secrets_client import SecretDenied, VaultProvider

TTL = 0.5


def key(value):
    return {"X-API-Key": value}


def test_the_app_logs_in_with_approle_and_holds_only_the_app_policy(app, client, api_key, vault):
    assert client.get("/api/report", headers=key(api_key[1])).status_code == 200
    token = app.extensions["secrets"].provider._client.token
    assert token and token != vault.root.token
    looked_up = vault.root.auth.token.lookup(token)["data"]
    assert looked_up["policies"] == ["app", "default"]
    assert looked_up["meta"] == {"role_name": "web"}
    assert looked_up["path"] == "auth/approle/login"


def test_the_right_key_gets_the_report_and_wrong_ones_a_401(client, api_key, error_of):
    response = client.get("/api/report", headers=key(api_key[1]))
    assert response.status_code == 200 and response.get_json()["report"]["orders"] == 42
    for wrong in ["", api_key[1][:-1], api_key[1] + "x", api_key[1].upper(), "ключ", "x" * 10_000]:
        response = client.get("/api/report", headers=key(wrong))
        assert error_of(response, 401) == "send a valid API key in X-API-Key"
    assert error_of(client.get("/api/report"), 401)


def test_a_rotated_key_is_picked_up_after_the_ttl_without_a_restart(
    client, api_key, vault, made_up
):
    path, old = api_key
    assert client.get("/api/report", headers=key(old)).status_code == 200
    new = made_up()
    vault.root.secrets.kv.v2.create_or_update_secret(path=path, secret={"api_key": new})
    assert client.get("/api/report", headers=key(old)).status_code == 200  # cached, within TTL
    assert client.get("/api/report", headers=key(new)).status_code == 401
    time.sleep(TTL + 0.05)
    assert client.get("/api/report", headers=key(new)).status_code == 200
    assert client.get("/api/report", headers=key(old)).status_code == 401


def test_a_path_outside_the_policy_is_denied_and_a_clean_500(make_app, vault, error_of, caplog):
    with pytest.raises(SecretDenied):  # the root token reads it; the app's AppRole may not
        VaultProvider(vault.url, vault.role_id, vault.secret_id).read("billing/api")
    app = make_app(API_KEY_SECRET="billing/api")
    response = app.test_client().get("/api/report", headers=key("x" * 20))
    message = error_of(response, 500)
    assert message == "the app is misconfigured: a secret it needs cannot be read"
    assert "Traceback" not in response.get_data(as_text=True)
    lines = [r for r in caplog.records if r.name == app.logger.name]
    assert [r.getMessage() for r in lines] == ["secret unusable: not allowed to read 'billing/api'"]
    assert lines[0].levelno == logging.ERROR and not lines[0].exc_info and not lines[0].exc_text


def test_a_refused_secret_id_is_denied_too(make_app, api_key, error_of):
    app = make_app(
        API_KEY_SECRET=api_key[0], VAULT_SECRET_ID="00000000-0000-0000-0000-000000000000"
    )
    error_of(app.test_client().get("/api/report", headers=key(api_key[1])), 500)


def test_an_expired_token_means_a_new_login(app, client, api_key, vault):
    assert client.get("/api/report", headers=key(api_key[1])).status_code == 200
    provider = app.extensions["secrets"].provider
    old_token = provider._client.token
    vault.root.auth.token.revoke(old_token)  # what its TTL does, sooner
    assert provider.read(api_key[0]) == {"api_key": api_key[1]}  # the next read, past the cache
    assert provider._client.token != old_token


def test_vault_hung_then_killed_the_cache_then_a_503_each_bounded(own_vault, made_up, error_of):
    ttl = 0.3
    value = made_up()
    own_vault.root.secrets.kv.v2.create_or_update_secret(path="app/api", secret={"api_key": value})
    app = create_app({
        "TESTING": True, "VAULT_ADDR": own_vault.url, "VAULT_ROLE_ID": own_vault.role_id,
        "VAULT_SECRET_ID": own_vault.secret_id, "SECRETS_TTL": str(ttl), "SECRETS_TIMEOUT": "0.3",
    })  # fmt: skip
    client = app.test_client()
    assert client.get("/api/report", headers=key(value)).status_code == 200
    os.kill(own_vault.proc.pid, signal.SIGSTOP)  # hung: connections wait, nothing answers
    assert client.get("/api/report", headers=key(value)).status_code == 200  # cached
    time.sleep(ttl + 0.05)
    started = time.monotonic()
    response = client.get("/api/report", headers=key(value))
    assert time.monotonic() - started < 1.0  # the timeout (0.3 s), not a hang
    assert error_of(response, 503) == "a service the app needs is unavailable; retry soon"
    assert response.headers["Retry-After"] == "5"
    assert client.get("/health").status_code == 200  # what reads no secret still works
    os.kill(own_vault.proc.pid, signal.SIGCONT)
    assert client.get("/api/report", headers=key(value)).status_code == 200  # back, no restart
    own_vault.proc.kill()
    own_vault.proc.wait()
    time.sleep(ttl + 0.05)
    started = time.monotonic()
    error_of(client.get("/api/report", headers=key(value)), 503)
    assert time.monotonic() - started < 0.5  # refused: at once


def test_the_client_gets_no_vault_detail(make_app, error_of):
    app = make_app(VAULT_ADDR="http://127.0.0.1:1", SECRETS_TIMEOUT="0.3")
    response = app.test_client().get("/api/report", headers=key("x" * 20))
    error_of(response, 503)
    assert "127.0.0.1" not in response.get_data(as_text=True)
