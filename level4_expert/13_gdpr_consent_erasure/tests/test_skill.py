"""Skill checks: the SQL the app sends (SQLAlchemy's engine events), and the schema it exports."""

import hashlib

import pytest
from gdpr.models import db
from sqlalchemy import BigInteger, Column, ForeignKey, String, Table

ALICE = ("alice@example.com", "Alice Martin")


@pytest.fixture
def alice(shop):
    return shop.user(*ALICE)


def sent(statements, start):
    """The statements that begin with `start` (case-insensitive), collapsed to one line."""
    return [" ".join(s.split()) for s in statements if s.lstrip().upper().startswith(start)]


@pytest.fixture
def errors_as_500(app, monkeypatch):
    """An error the app does not handle is a 500 answer, as in production, not raised here."""
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)


def test_skill_consent_is_a_new_event_never_an_update(
    client, shop, alice, statements, sql, errors_as_500
):
    statements.clear()
    given = client.post(
        f"/api/users/{alice}/consents", json={"purpose": "partners", "granted": True}
    )
    withdrawn = client.post(
        f"/api/users/{alice}/consents", json={"purpose": "partners", "granted": False}
    )
    writes = [
        s for s in statements if "consent_events" in s and not s.lstrip().startswith("SELECT")
    ]
    assert not [s for s in writes if s.lstrip().upper().startswith(("UPDATE", "DELETE"))], (
        "Skill missing: withdrawing is a new ConsentEvent row (db.session.add), "
        "never an UPDATE or DELETE of the last one: the history is append-only"
    )
    assert len(sent(writes, "INSERT INTO CONSENT_EVENTS")) == 2, (
        "Skill missing: give and withdraw each add a ConsentEvent(user_id, purpose, granted, "
        "policy_version=current_app.config['POLICY_VERSION'])"
    )
    assert (given.status_code, withdrawn.status_code) == (201, 201)
    rows = sql("SELECT granted, policy_version FROM consent_events ORDER BY id")
    assert rows == [(True, "2026-11"), (False, "2026-11")], (
        "Skill missing: stamp each event with the policy version in force, POLICY_VERSION"
    )


@pytest.mark.parametrize(
    "action, path, body, write",
    [
        ("erase", "erase", None, "UPDATE USERS"),
        ("order", "orders", {"total_cents": 100}, "INSERT INTO ORDERS"),
    ],
)
def test_skill_the_user_row_is_locked_before_erasing_or_ordering(
    client, alice, statements, action, path, body, write
):
    statements.clear()
    assert client.post(f"/api/users/{alice}/{path}", json=body).status_code in (200, 201)
    flat = [" ".join(s.split()).upper() for s in statements]
    locks = [i for i, s in enumerate(flat) if s.startswith("SELECT") and "FROM USERS" in s
             and s.endswith("FOR UPDATE")]  # fmt: skip
    writes = [i for i, s in enumerate(flat) if s.startswith(write)]
    assert locks and writes and locks[0] < writes[0], (
        f"Skill missing: before the {action}, lock the user's row with "
        "select(User).where(User.id == user_id).with_for_update(), so an erasure and an order "
        "for the same user wait for each other"
    )


def test_skill_the_export_finds_its_tables_in_the_metadata(client, alice, sql, schema):
    """A table added to the models later is exported with no change to export()."""
    table = Table(
        "loyalty_cards", db.metadata,
        Column("id", BigInteger, primary_key=True),
        Column("user_id", ForeignKey("users.id")),
        Column("card_no", String(20)),
    )  # fmt: skip
    try:
        sql("CREATE TABLE loyalty_cards (id bigserial PRIMARY KEY, user_id bigint REFERENCES users,"
            " card_no varchar(20))")  # fmt: skip
        sql("INSERT INTO loyalty_cards (user_id, card_no) VALUES (%s, 'LC-0042')", alice)
        export = client.get(f"/api/users/{alice}/export").get_json()
        assert export.get("loyalty_cards") == [{"id": 1, "user_id": alice, "card_no": "LC-0042"}], (
            "Skill missing: find the tables to export in db.metadata.sorted_tables, each table "
            "whose foreign_keys point at users.id, instead of a list written by hand"
        )
        assert {"consent_events", "orders"} <= set(export)
    finally:
        db.metadata.remove(table)
        sql("DROP TABLE IF EXISTS loyalty_cards")


def test_skill_anonymisation_is_random_and_everywhere(
    client, shop, alice, find_text, sql, errors_as_500
):
    shop.order(alice, 1500)
    assert client.post(f"/api/users/{alice}/erase").status_code == 200
    assert find_text(*ALICE) == [], (
        "Skill missing: anonymise() overwrites every personal value: users.email and users.name, "
        "and orders.ship_to (update(Order).where(Order.user_id == user.id))"
    )
    (pseudonym,) = sql("SELECT email FROM users WHERE id = %s", alice)[0]
    digests = [hashlib.new(h, ALICE[0].encode()).hexdigest() for h in ("md5", "sha1", "sha256")]
    assert not [d for d in digests if d[:12] in pseudonym], (
        "Skill missing: the pseudonym is random (secrets.token_hex), not a hash of the email: "
        "anyone with a list of emails can hash them and find the match"
    )
    again = shop.user(*ALICE)  # the same person comes back, and asks again
    response = client.post(f"/api/users/{again}/erase")
    emails = [e for (e,) in sql("SELECT email FROM users ORDER BY id")]
    assert response.status_code == 200 and emails[0] != emails[1], (
        "Skill missing: the pseudonym is random (secrets.token_hex), not a hash of the email: "
        "the same email erased twice must give two unrelated values"
    )
    assert sql("SELECT count(*) FROM users WHERE erased_at IS NOT NULL") == [(2,)], (
        "Skill missing: mark the user erased (user.erased_at = func.now())"
    )


def test_skill_purge_locks_anonymises_and_audits(runner, shop, statements, sql, find_text):
    stale = shop.user(*ALICE, idle_days=800)
    shop.user("bob@example.com", "Bob Durand")
    statements.clear()
    dry = runner.invoke(args=["purge", "--older-than", "365", "--dry-run"])
    assert dry.output.startswith("Dry run: 1 account(s)") and find_text(*ALICE), (
        "Skill missing: with dry_run, purge() only counts the stale users and changes nothing"
    )
    result = runner.invoke(args=["purge", "--older-than", "365"])
    assert any("FOR UPDATE" in s and "users" in s for s in statements), (
        "Skill missing: select the stale users (last_seen_at < cutoff, erased_at IS NULL) "
        "with_for_update(), so a concurrent order waits"
    )
    assert result.exit_code == 0 and find_text(*ALICE) == [], (
        "Skill missing: purge() calls anonymise(user) for each stale user"
    )
    assert sql("SELECT action, count FROM audit_log") == [("purge", 1)], (
        "Skill missing: purge() adds one audit entry, audit('purge', actor, count, criteria)"
    )
    assert sql("SELECT id FROM users WHERE erased_at IS NOT NULL") == [(stale,)]
