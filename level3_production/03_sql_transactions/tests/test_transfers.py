"""A transfer's two writes commit together or not at all; a batch keeps what a SAVEPOINT saved."""

import pytest

MAX_BIGINT = 2**63 - 1


def post(client, body, path="/api/transfers"):
    return client.post(path, json=body)


def body(reference="ok", source=1, target=2, amount=100):
    return {"from": source, "to": target, "amount_cents": amount, "reference": reference}


def account_writes(statements):
    """The positions of the UPDATEs of an account balance among the statements sent."""
    return [i for i, s in enumerate(statements) if s.startswith("UPDATE account")]


def test_transfer_moves_money(client, balances, references):
    response = post(client, body("rent", amount=2_500))
    assert (response.status_code, response.get_json()) == (
        201, {"reference": "rent", "status": "done"},
    )  # fmt: skip
    assert balances() == {"alice": 7_500, "bob": 7_500}
    assert references() == ["rent"]
    accounts = client.get("/api/accounts").get_json()
    assert accounts["total_cents"] == 15_000
    assert client.get("/api/transfers").get_json() == {
        "transfers": [{"reference": "rent", "from": 1, "to": 2, "amount_cents": 2_500}]
    }


def test_overdraft_is_refused_by_the_check_constraint(client, balances, references, statements):
    statements.clear()
    response = post(client, body("big", amount=10_001))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "insufficient_funds"
    assert len(account_writes(statements)) == 1  # the debit reached PostgreSQL, which refused it
    assert balances() == {"alice": 10_000, "bob": 5_000}
    assert references() == []
    assert post(client, body("all", amount=10_000)).status_code == 201  # down to 0 is allowed
    assert balances() == {"alice": 0, "bob": 15_000}


@pytest.fixture
def credit_fails(sql):
    """Make the credit (the second write) fail in PostgreSQL, after the debit went through."""
    made = []

    def make(how):
        if how == "check":  # a rule the credit breaks: bob may hold at most 6000 cents
            sql("ALTER TABLE account ADD CONSTRAINT bob_cap"
                " CHECK (owner <> 'bob' OR balance_cents <= 6000)")  # fmt: skip
            made.append("ALTER TABLE account DROP CONSTRAINT bob_cap")
        else:  # bob's balance so close to BIGINT's maximum that 100 more overflows it
            sql("UPDATE account SET balance_cents = %s WHERE owner = 'bob'", MAX_BIGINT - 50)

    yield make
    for undo in made:
        sql(undo)


@pytest.mark.parametrize(
    ("how", "code"), [("check", "constraint_violated"), ("overflow", "out_of_range")]
)
def test_a_failure_half_way_rolls_back_both_writes(
    client, balances, references, statements, credit_fails, how, code
):
    credit_fails(how)
    before = balances()
    statements.clear()
    response = post(client, body("half", amount=2_000 if how == "check" else 100))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == code
    writes = account_writes(statements)
    assert len(writes) == 2, writes  # the debit was flushed, then the credit failed
    assert writes[0] < writes[1] < statements.index("ROLLBACK", writes[1]), statements
    assert balances() == before  # alice got her debit back
    assert references() == []


def test_duplicate_reference_is_409_and_writes_nothing(client, balances, references, statements):
    assert post(client, body("x")).status_code == 201
    statements.clear()
    response = post(client, body("x", source=2, target=1, amount=300))
    assert response.status_code == 409
    assert response.get_json()["error"] == {
        "status": 409,
        "code": "duplicate_reference",
        "message": "a transfer with this reference exists",
    }
    assert len(account_writes(statements)) == 2  # debit and credit were sent, then undone
    assert balances() == {"alice": 9_900, "bob": 5_100}
    assert references() == ["x"]


@pytest.mark.parametrize(
    ("bad", "status"),
    [
        (body("a", source=2, target=1, amount=300), "duplicate_reference"),  # debit, then undone
        (body("b", source=2, target=1, amount=999_999), "insufficient_funds"),
        (body("b", source=1, target=999), "not_found"),
    ],
)
def test_batch_keeps_the_good_transfers_and_undoes_the_bad_one(
    client, balances, references, statements, bad, status
):
    statements.clear()
    items = [body("a", amount=100), bad, body("c", amount=200)]
    response = post(client, {"transfers": items}, "/api/batches")
    assert response.status_code == 200
    assert response.get_json() == {
        "results": [
            {"reference": "a", "status": "done"},
            {"reference": bad["reference"], "status": status},
            {"reference": "c", "status": "done"},
        ]
    }
    assert balances() == {"alice": 9_700, "bob": 5_300}
    assert references() == ["a", "c"]
    assert sum(s.startswith("SAVEPOINT") for s in statements) == 3
    assert sum(s.startswith("ROLLBACK TO SAVEPOINT") for s in statements) == 1


def test_a_batch_is_one_transaction(client, balances, statements):
    statements.clear()
    items = [body("a"), body("b", source=2, target=1, amount=50)]
    assert post(client, {"transfers": items}, "/api/batches").status_code == 200
    assert sum(s.startswith("COMMIT") for s in statements) <= 1  # psycopg commits by method
    assert balances() == {"alice": 9_950, "bob": 5_050}


@pytest.mark.parametrize(
    "batch",
    [
        [], [body("a")] * 21, [body("a"), "x"], [body("a"), body("b", amount=1.5)],
        [body("a"), body("b", source=2, target=2)], {"from": 1},
    ],
)  # fmt: skip
def test_a_bad_item_refuses_the_whole_batch_before_any_write(client, balances, references, batch):
    response = post(client, {"transfers": batch}, "/api/batches")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert balances() == {"alice": 10_000, "bob": 5_000}
    assert references() == []


def test_a_reference_of_64_characters_of_any_script_is_kept(client, references):
    reference = "é" * 30 + "漢字" * 16 + "🙂" * 2
    assert len(reference) == 64
    assert client.post("/api/transfers", json=body(reference)).status_code == 201
    assert references() == [reference]


def test_init_db_resets_the_accounts(client, runner, balances, references):
    assert post(client, body("rent", amount=2_500)).status_code == 201
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "alice has 10000 cents, bob 5000" in result.output
    assert balances() == {"alice": 10_000, "bob": 5_000}
    assert references() == []
