"""What the flags do for users: targeting, rollout, kill switch, the store down, bad files."""

import json
import logging
import os

import pytest
import yaml
from flags import publish_flags
from openfeature.evaluation_context import EvaluationContext

ANONYMOUS = {
    "banner": "Hello",
    "checkout": "classic",
    "limits": {"max_items": 10, "express": False},
}
DEFAULT_FLAGS = ANONYMOUS  # the in-code defaults give the same page


# --- targeting by user attributes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "banner", "limits"),
    [
        ("alice", "Welcome back, pro", {"max_items": 100, "express": True}),  # pro, FR: pro first
        ("bruno", "Bonjour", {"max_items": 10, "express": False}),  # free, FR
        ("chen", "Hello", {"max_items": 100, "express": True}),  # team, DE
        ("zoe", "Hello", {"max_items": 10, "express": False}),  # unknown id: plan free
    ],
)
def test_the_shop_page_changes_by_plan_and_country(client, as_user, user_id, banner, limits):
    body = client.get("/shop", headers=as_user(user_id)).get_json()
    assert body["banner"] == banner
    assert body["limits"] == limits


def test_a_client_cannot_claim_a_plan_with_a_header(client):
    body = client.get(
        "/shop", headers={"X-User-Id": "zoe", "X-Plan": "pro", "Plan": "pro"}
    ).get_json()
    assert body["banner"] == "Hello" and body["limits"]["max_items"] == 10


@pytest.mark.parametrize(
    "user_id",
    ["", "a" * 65, "alice bob", "ålice", "١٢٣", "alice;plan=pro", "alice\x00", "../alice"],
)
def test_a_hostile_user_id_is_served_as_anonymous(client, user_id):
    response = client.get("/shop", headers={"X-User-Id": user_id})
    assert response.status_code == 200
    assert response.get_json() == ANONYMOUS
    flags = client.get("/flags", headers={"X-User-Id": user_id}).get_json()["flags"]
    assert flags["new-checkout"]["variant"] == "off"


# --- the percentage rollout -------------------------------------------------------------------


def rollout(app, ids):
    client = app.extensions["flags"]
    return [client.get_boolean_value("new-checkout", False, EvaluationContext(i)) for i in ids]


def test_the_rollout_gives_the_new_checkout_to_about_30_percent_of_10000_users(app):
    share = sum(rollout(app, [f"user-{n}" for n in range(10_000)])) / 10_000
    assert 0.28 <= share <= 0.32, share


def test_the_rollout_is_deterministic_across_requests_and_workers(app, make_app, flags_file):
    ids = [f"user-{n}" for n in range(500)]
    first = rollout(app, ids)
    assert rollout(app, ids) == first
    assert rollout(make_app(flags_file), ids) == first  # another provider: another worker
    assert 0 < sum(first) < len(ids)


def test_the_same_user_always_gets_the_same_checkout_page(client, as_user):
    seen = {
        user: {client.get("/shop", headers=as_user(user)).get_json()["checkout"] for _ in range(5)}
        for user in [f"user-{n}" for n in range(40)]
    }
    assert all(len(pages) == 1 for pages in seen.values())
    assert {page for pages in seen.values() for page in pages} == {"new", "classic"}


# --- the kill switch --------------------------------------------------------------------------


def test_the_kill_switch_stops_orders_without_a_restart(client, runner, eventually, error_of):
    assert client.post("/orders").status_code == 201
    result = runner.invoke(args=["flags", "set", "orders-enabled", "off"])
    assert result.exit_code == 0, result.output
    assert eventually(lambda: client.post("/orders").status_code == 503)
    assert error_of(client.post("/orders"), 503) == "orders are paused, try again later"
    assert runner.invoke(args=["flags", "set", "orders-enabled", "on"]).exit_code == 0
    assert eventually(lambda: client.post("/orders").status_code == 201)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-flag", "off"], "no flag 'no-such-flag'"),
        (["orders-enabled", "maybe"], "has no variant 'maybe'"),
    ],
)
def test_the_kill_switch_command_refuses_unknown_flags_and_variants(
    runner, flags_file, args, message
):
    before = flags_file.read_bytes()
    result = runner.invoke(args=["flags", "set", *args])
    assert result.exit_code == 2 and message in result.output
    assert flags_file.read_bytes() == before


# --- the flag store down, missing or corrupt ---------------------------------------------------


def test_a_missing_flags_file_serves_the_defaults_with_a_warning(make_app, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    client = make_app(tmp_path / "absent.yaml").test_client()
    assert any("unreadable, serving defaults" in r.getMessage() for r in caplog.records)
    response = client.get("/shop", headers={"X-User-Id": "alice"})
    assert response.status_code == 200 and response.get_json() == DEFAULT_FLAGS
    assert client.post("/orders").status_code == 201  # the kill switch fails open
    assert any(
        "serving the default" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records
    )
    seen = client.get("/flags").get_json()
    assert seen["provider"] == "ERROR"
    assert seen["flags"]["banner"] == {
        "value": "Hello",
        "variant": None,
        "reason": "ERROR",
        "error": "FLAG_NOT_FOUND",
    }


def test_the_flags_come_back_when_the_file_appears(make_app, tmp_path, definitions, eventually):
    path = tmp_path / "late.yaml"
    client = make_app(path).test_client()
    assert client.get("/shop", headers={"X-User-Id": "alice"}).get_json()["banner"] == "Hello"
    publish_flags(path, definitions)
    assert eventually(
        lambda: (
            client.get("/shop", headers={"X-User-Id": "alice"}).get_json()["banner"]
            == "Welcome back, pro"
        )
    )
    assert client.get("/flags").get_json()["provider"] == "READY"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("flags.json", '{"flags": {"banner": '),  # invalid JSON, cut short
        ("flags.json", ""),
        ("flags.json", "[1, 2, 3]"),
        ("flags.json", '{"flags": 3}'),
        ("flags.json", json.dumps({"flags": {"banner": {"state": "ENABLED", "variants": 7}}})),
        ("flags.json", "\x00\x00\x00"),
        ("flags.yaml", "flags: [unclosed"),
        ("flags.json", "[" * 100_000),  # nested 100,000 deep
    ],
)
def test_a_corrupt_flags_file_serves_the_defaults(make_app, tmp_path, caplog, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    caplog.set_level(logging.WARNING)
    client = make_app(path).test_client()
    response = client.get("/shop", headers={"X-User-Id": "alice"})
    assert response.status_code == 200 and response.get_json() == DEFAULT_FLAGS
    banner = client.get("/flags", headers={"X-User-Id": "alice"}).get_json()["flags"]["banner"]
    assert banner["reason"] == "ERROR" and banner["error"] in {
        "FLAG_NOT_FOUND",
        "PARSE_ERROR",
        "GENERAL",
    }
    assert any(r.levelname == "WARNING" for r in caplog.records)


def test_a_file_corrupted_at_runtime_keeps_the_last_good_flags(
    app, client, flags_file, eventually, caplog
):
    caplog.set_level(logging.ERROR, logger="openfeature.contrib")
    bad = flags_file.with_name("bad.tmp")
    bad.write_text('{"flags": {', encoding="utf-8")
    os.replace(bad, flags_file)  # a broken deploy of the file
    assert eventually(lambda: client.get("/flags").get_json()["provider"] == "ERROR")
    assert any("Could not parse" in r.getMessage() for r in caplog.records)
    body = client.get("/shop", headers={"X-User-Id": "alice"}).get_json()
    assert body["banner"] == "Welcome back, pro"  # the last good definitions still answer
    assert client.post("/orders").status_code == 201


def test_the_provider_recovers_when_the_corrupt_file_is_fixed(
    make_app, flags_file, definitions, eventually
):
    flags_file.write_text("{not json", encoding="utf-8")
    client = make_app(flags_file).test_client()
    assert client.get("/flags").get_json()["provider"] == "ERROR"
    publish_flags(flags_file, definitions)
    assert eventually(lambda: client.get("/flags").get_json()["provider"] == "READY")
    assert client.get("/shop", headers={"X-User-Id": "bruno"}).get_json()["banner"] == "Bonjour"


# --- unknown keys and wrong types --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "default", "error"),
    [
        ("no-such-flag", "fallback", "FLAG_NOT_FOUND"),
        ("", True, "FLAG_NOT_FOUND"),
        ("banner", False, "TYPE_MISMATCH"),  # a string flag asked as a boolean
        ("orders-enabled", "yes", "TYPE_MISMATCH"),
    ],
)
def test_an_unknown_key_or_a_wrong_type_gives_the_default_and_a_warning(
    app, caplog, key, default, error
):
    from flags import details

    caplog.set_level(logging.WARNING)
    with app.test_request_context(headers={"X-User-Id": "alice"}):
        result = details(key, default)
    assert result.value == default and result.error_code.value == error
    assert any(error in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


def test_init_flags_copies_the_definitions(make_app, tmp_path, definitions):
    path = tmp_path / "instance" / "flags.yaml"
    result = make_app(path).test_cli_runner().invoke(args=["init-flags"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == definitions
