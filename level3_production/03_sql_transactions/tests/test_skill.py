"""Skill checks: the SQL the app really sends, seen through SQLAlchemy's engine events."""


def transfer(client, amount, reference, source=1, target=2):
    body = {"from": source, "to": target, "amount_cents": amount, "reference": reference}
    return client.post("/api/transfers", json=body)


def test_skill_rows_locked_for_update_in_id_order(client, statements):
    statements.clear()
    assert transfer(client, 100, "r1", source=2, target=1).status_code == 201
    locks = [s for s in statements if "FOR UPDATE" in s]
    assert locks, "Skill missing: lock both accounts with select(...).with_for_update()"
    assert len(locks) == 1 and "ORDER BY account.id" in locks[0], (
        "Skill missing: lock both rows in one SELECT ... FOR UPDATE in id order "
        "(.order_by(Account.id)), so A→B and B→A never wait on each other"
    )


def test_skill_lock_wait_is_bounded(client, lock_timeout_at_lock, app):
    assert transfer(client, 100, "r1").status_code == 201
    assert lock_timeout_at_lock, "Skill missing: lock the rows with SELECT ... FOR UPDATE"
    assert lock_timeout_at_lock[0] == f"{app.config['LOCK_TIMEOUT_MS']}ms", (
        "Skill missing: bound the wait for a locked row before locking: "
        "select(func.set_config('lock_timeout', f'{LOCK_TIMEOUT_MS}ms', True))"
    )


def test_skill_failed_transfer_is_rolled_back(client, statements, balances, references):
    assert transfer(client, 100, "dup").status_code == 201
    statements.clear()
    assert transfer(client, 100, "dup").status_code == 409
    assert "ROLLBACK" in statements, "Skill missing: db.session.rollback() when a write fails"
    assert balances() == {"alice": 9_900, "bob": 5_100}, "Skill missing: roll back the debit too"
    assert references() == ["dup"]


def test_skill_batch_uses_savepoints(client, statements, balances):
    statements.clear()
    body = {"transfers": [
        {"from": 1, "to": 2, "amount_cents": 100, "reference": "a"},
        {"from": 2, "to": 1, "amount_cents": 999_999, "reference": "b"},
        {"from": 1, "to": 2, "amount_cents": 200, "reference": "c"},
    ]}  # fmt: skip
    response = client.post("/api/batches", json=body)
    assert any(s.startswith("SAVEPOINT") for s in statements), (
        "Skill missing: wrap each transfer in db.session.begin_nested()"
    )
    assert any(s.startswith("ROLLBACK TO SAVEPOINT") for s in statements), (
        "Skill missing: a failed transfer rolls back to its savepoint"
    )
    assert [r["status"] for r in response.get_json()["results"]] == [
        "done", "insufficient_funds", "done",
    ]  # fmt: skip
    assert balances() == {"alice": 9_700, "bob": 5_300}
