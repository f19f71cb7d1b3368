"""Erasure: the personal data is gone for good; the rows, the keys and the totals stay."""

import hashlib

import pytest

ALICE = ("alice@example.com", "Alice Martin")


@pytest.fixture
def customers(client, shop):
    alice = shop.user(*ALICE)
    bob = shop.user("bob@example.com", "Bob Durand")
    shop.order(alice, 2500, "2026-09-30")
    shop.order(alice, 1000, "2026-10-01")
    shop.order(bob, 999, "2026-10-02")
    shop.consent(client, alice, "newsletter", True)
    return alice, bob


def hashes(value):
    """What a reversible "anonymisation" would store: a hash of the value (found again by
    hashing a list of candidate emails), in full or cut short."""
    digests = [hashlib.new(name, value.encode()).hexdigest() for name in ("md5", "sha1", "sha256")]
    return [d[:16] for d in digests]


def test_the_personal_data_is_nowhere_in_the_database(client, customers, find_text):
    alice, _ = customers
    assert find_text(*ALICE)  # the search finds them before
    response = client.post(f"/api/users/{alice}/erase", headers={"X-Actor": "support"})
    assert response.status_code == 200
    assert response.get_json() == {"id": alice, "status": "erased"}
    assert find_text(*ALICE, *hashes(ALICE[0]), "alice") == []
    assert find_text("bob@example.com", "Bob Durand")  # another customer is untouched


def test_the_rows_keys_and_totals_stay(client, customers, sql, schema):
    alice, _ = customers
    before = client.get("/api/stats/monthly").get_json()
    counts = sql("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM consent_events)")
    assert client.post(f"/api/users/{alice}/erase").status_code == 200
    assert client.get("/api/stats/monthly").get_json() == before
    assert before["months"] == [
        {"month": "2026-09", "orders": 1, "total_cents": 2500},
        {"month": "2026-10", "orders": 2, "total_cents": 1999},
    ]
    assert sql("SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM consent_events)") == (
        counts
    )
    for table, column, parent, key in schema.foreign_keys():  # every key still points at a row
        orphans = sql(
            f'SELECT count(*) FROM "{table}" c LEFT JOIN "{parent}" p ON c."{column}" = p."{key}"'
            f' WHERE c."{column}" IS NOT NULL AND p."{key}" IS NULL'
        )
        assert orphans == [(0,)], table
    assert sql("SELECT count(*) FROM orders WHERE user_id = %s", alice) == [(2,)]


def test_pseudonyms_are_random_not_derived_from_the_email(client, shop, sql):
    """The same email erased twice (a customer who came back) gets two unrelated pseudonyms: a
    hash or keyed hash of the email would give the same one twice."""
    first = shop.user(*ALICE)
    assert client.post(f"/api/users/{first}/erase").status_code == 200
    second = shop.user(*ALICE)  # the email is free again
    assert client.post(f"/api/users/{second}/erase").status_code == 200
    (a, b) = [e for (e,) in sql("SELECT email FROM users ORDER BY id")]
    assert a != b and ALICE[0] not in a + b


def test_the_export_after_erasure_holds_nothing_personal(client, customers):
    alice, _ = customers
    client.post(f"/api/users/{alice}/erase")
    export = client.get(f"/api/users/{alice}/export").get_json()
    text = str(export).lower()
    assert "alice" not in text and export["users"][0]["erased_at"] is not None
    assert [o["total_cents"] for o in export["orders"]] == [2500, 1000]


def test_erasure_is_idempotent_and_audited_once(client, customers, sql):
    alice, _ = customers
    headers = {"X-Actor": "dpo-team"}
    assert client.post(f"/api/users/{alice}/erase", headers=headers).get_json()["status"] == (
        "erased"
    )
    emails = sql("SELECT email FROM users ORDER BY id")
    again = client.post(f"/api/users/{alice}/erase", headers=headers)
    assert again.status_code == 200 and again.get_json()["status"] == "already_erased"
    assert sql("SELECT email FROM users ORDER BY id") == emails  # not re-pseudonymised
    rows = sql("SELECT action, actor, count, criteria, at IS NOT NULL FROM audit_log")
    assert rows == [("erase", "dpo-team", 1, "request", True)]


def test_the_audit_log_holds_no_personal_data(client, customers, sql, schema):
    alice, _ = customers
    client.post(f"/api/users/{alice}/erase")
    assert [c for t, c in schema.text_columns() if t == "audit_log"] == [
        "action", "actor", "criteria",
    ]  # fmt: skip
    assert not [fk for fk in schema.foreign_keys() if fk[0] == "audit_log"]
    assert schema.columns("audit_log") == ["id", "action", "actor", "at", "count", "criteria"]


def test_an_erased_user_can_order_no_more(client, customers, sql):
    alice, _ = customers
    client.post(f"/api/users/{alice}/erase")
    response = client.post(f"/api/users/{alice}/orders", json={"total_cents": 100})
    assert response.status_code == 410
    assert sql("SELECT count(*) FROM orders WHERE user_id = %s", alice) == [(2,)]


@pytest.mark.parametrize("actor", ["alice@example.com", "", "x" * 41, "Support Team"])
def test_an_actor_that_could_be_personal_data_is_refused(client, customers, find_text, actor):
    alice, _ = customers
    response = client.post(f"/api/users/{alice}/erase", headers={"X-Actor": actor})
    assert response.status_code == 400
    assert find_text(*ALICE)  # nothing erased


@pytest.mark.parametrize("user_id", ["999", str(2**64)])
def test_erasing_an_unknown_user_is_404(client, customers, sql, user_id):
    assert client.post(f"/api/users/{user_id}/erase").status_code == 404
    assert sql("SELECT count(*) FROM audit_log") == [(0,)]


def test_the_audit_log_lists_erasures_and_purges(client, runner, customers):
    alice, _ = customers
    client.post(f"/api/users/{alice}/erase", headers={"X-Actor": "support"})
    runner.invoke(args=["purge", "--older-than", "365", "--actor", "retention-job"])
    entries = client.get("/api/audit").get_json()["entries"]
    assert [(e["action"], e["actor"], e["count"], e["criteria"]) for e in entries] == [
        ("erase", "support", 1, "request"), ("purge", "retention-job", 0, "inactive > 365 days"),
    ]  # fmt: skip
    assert "alice" not in str(entries).lower()
