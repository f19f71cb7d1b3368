"""Consents: a history of events, each with its time and policy version; the state is the last."""

from datetime import datetime

import psycopg
import pytest
from gdpr import create_app
from gdpr.models import db


@pytest.fixture
def alice(shop):
    return shop.user("alice@example.com", "Alice Martin")


def test_give_then_withdraw_is_two_events_and_the_last_one_wins(client, shop, alice, sql):
    given = shop.consent(client, alice, "newsletter", True)
    withdrawn = shop.consent(client, alice, "newsletter", False)
    assert given["policy_version"] == withdrawn["policy_version"] == "2026-11"
    assert datetime.fromisoformat(given["at"]) < datetime.fromisoformat(withdrawn["at"])
    body = client.get(f"/api/users/{alice}/consents").get_json()
    assert body["current"] == {"newsletter": False}
    assert body["history"] == [given, withdrawn]
    rows = sql("SELECT purpose, granted, policy_version FROM consent_events ORDER BY id")
    assert rows == [("newsletter", True, "2026-11"), ("newsletter", False, "2026-11")]


def test_each_purpose_has_its_own_latest_event(client, shop, alice):
    shop.consent(client, alice, "newsletter", True)
    shop.consent(client, alice, "analytics", True)
    shop.consent(client, alice, "analytics", False)
    shop.consent(client, alice, "newsletter", False)
    shop.consent(client, alice, "newsletter", True)
    current = client.get(f"/api/users/{alice}/consents").get_json()["current"]
    assert current == {"analytics": False, "newsletter": True}


def test_the_event_records_the_policy_in_force_when_it_was_given(app, database, shop, alice):
    history = []
    for version in ("2026-11", "2027-01"):
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url, "POLICY_VERSION": version}
        )
        client = app.test_client()
        shop.consent(client, alice, "partners", True)
        history = client.get(f"/api/users/{alice}/consents").get_json()["history"]
        with app.app_context():
            db.engine.dispose()
    assert [(e["policy_version"], e["granted"]) for e in history] == [
        ("2026-11", True), ("2027-01", True),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "statement",
    ["UPDATE consent_events SET granted = NOT granted", "DELETE FROM consent_events"],
)
def test_the_database_refuses_to_rewrite_the_history(client, shop, alice, sql, statement):
    shop.consent(client, alice, "newsletter", True)
    with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
        sql(statement)
    assert sql("SELECT purpose, granted FROM consent_events") == [("newsletter", True)]


def test_another_users_history_is_not_mixed_in(client, shop, alice):
    bob = shop.user("bob@example.com", "Bob Durand")
    shop.consent(client, alice, "newsletter", True)
    shop.consent(client, bob, "newsletter", False)
    assert client.get(f"/api/users/{alice}/consents").get_json()["current"] == {"newsletter": True}
    assert client.get(f"/api/users/{bob}/consents").get_json()["current"] == {"newsletter": False}


def test_no_consent_for_an_erased_or_unknown_user(client, alice, sql):
    assert client.post(f"/api/users/{alice}/erase").status_code == 200
    body = {"purpose": "newsletter", "granted": True}
    response = client.post(f"/api/users/{alice}/consents", json=body)
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "erased"
    assert client.post("/api/users/999/consents", json=body).status_code == 404
    assert client.get("/api/users/999/consents").status_code == 404
    assert sql("SELECT count(*) FROM consent_events") == [(0,)]
