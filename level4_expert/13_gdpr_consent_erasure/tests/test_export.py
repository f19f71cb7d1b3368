"""The export holds everything about a user: checked against the database's own foreign keys."""

import pytest


@pytest.fixture
def two_customers(client, shop):
    alice = shop.user("alice@example.com", "Alice Martin")
    bob = shop.user("bob@example.com", "Bob Durand")
    shop.order(alice, 2500, "2026-09-30")
    shop.order(bob, 999)
    shop.order(alice, 1000)
    shop.consent(client, alice, "newsletter", True)
    shop.consent(client, bob, "analytics", True)
    shop.consent(client, alice, "newsletter", False)
    return alice, bob


@pytest.fixture
def not_in_export(sql, schema):
    """not_in_export(user_id, export): each table that references users (found in the database,
    by its foreign keys) whose rows for that user, or their columns, differ from the export's;
    [] when complete."""

    def check(user_id, export):
        wrong = []
        tables = [("users", "id"), *schema.referencing_users()]
        for table, column in tables:
            ids = sql(f'SELECT id FROM "{table}" WHERE "{column}" = %s ORDER BY id', user_id)
            exported = export.get(table, [])
            columns = set(schema.columns(table))
            if [row.get("id") for row in exported] != [i for (i,) in ids] or any(
                row.get(column) != user_id or set(row) != columns for row in exported
            ):
                wrong.append(table)
        return wrong

    return check


def test_the_export_has_every_row_of_every_table_that_references_the_user(
    client, two_customers, not_in_export, schema
):
    alice, bob = two_customers
    assert {t for t, _ in schema.referencing_users()} == {"consent_events", "orders"}
    for user in (alice, bob):
        response = client.get(f"/api/users/{user}/export")
        assert response.status_code == 200
        assert not_in_export(user, response.get_json()) == []


def test_the_export_holds_the_values_themselves(client, two_customers):
    alice, _ = two_customers
    export = client.get(f"/api/users/{alice}/export").get_json()
    (profile,) = export["users"]
    assert (profile["email"], profile["name"], profile["erased_at"]) == (
        "alice@example.com", "Alice Martin", None,
    )  # fmt: skip
    assert [(o["total_cents"], o["ship_to"]) for o in export["orders"]] == [
        (2500, "Alice Martin"), (1000, "Alice Martin"),
    ]  # fmt: skip
    assert export["orders"][0]["placed_at"].startswith("2026-09-30")
    consents = export["consent_events"]
    assert [(c["purpose"], c["granted"], c["policy_version"]) for c in consents] == [
        ("newsletter", True, "2026-11"), ("newsletter", False, "2026-11"),
    ]  # fmt: skip


def test_a_table_the_export_misses_is_caught(client, two_customers, not_in_export, sql, schema):
    """A table added straight in the database, which the models do not know: the comparison,
    which reads the schema and not the models, names it."""
    alice, _ = two_customers
    sql("CREATE TABLE support_tickets (id bigserial PRIMARY KEY, user_id bigint REFERENCES users)")
    schema.refresh()
    try:
        sql("INSERT INTO support_tickets (user_id) VALUES (%s)", alice)
        export = client.get(f"/api/users/{alice}/export").get_json()
        assert not_in_export(alice, export) == ["support_tickets"]
    finally:
        sql("DROP TABLE support_tickets")
        schema.refresh()


@pytest.mark.parametrize("user_id", ["999", str(2**63), str(2**64)])
def test_no_export_for_an_unknown_user(client, two_customers, user_id):
    response = client.get(f"/api/users/{user_id}/export")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
