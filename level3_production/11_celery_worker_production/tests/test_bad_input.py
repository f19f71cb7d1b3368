"""Bad input is refused before anything is queued, in the app's own JSON error shape."""

import uuid

import pytest

GOOD = {"account": "bob", "amount": 10}


@pytest.mark.parametrize(
    "body, message",
    [
        ({"account": "bob"}, "amount must be an integer"),
        ({"account": "bob", "amount": "10"}, "amount must be an integer"),
        ({"account": "bob", "amount": True}, "amount must be an integer"),
        ({"account": "bob", "amount": 2**63}, "amount must be an integer"),
        ({"account": "bob", "amount": 0}, "amount must be an integer"),
        ({"account": "bob", "amount": 1.5}, "amount must be an integer"),
        ({"account": "b\x00b", "amount": 1}, "account must be"),
        ({"account": "b²", "amount": 1}, "account must be"),
        ({"account": "é", "amount": 1}, "account must be"),
        ({"account": "b" * 65, "amount": 1}, "account must be"),
        ({"account": "bob", "amount": 1, "fail_times": 4}, "fail_times must be"),
        ({"account": "bob", "amount": 1, "seconds": -1}, "seconds must be"),
    ],
)
def test_a_bad_payment_is_a_422(client, body, message):
    response = client.post("/payments", json=body, headers={"Idempotency-Key": "k-1"})
    assert response.status_code == 422
    assert message in response.get_json()["error"]


@pytest.mark.parametrize("key", [None, "", "a b", "k" * 65, "\ud800", "١٢٣"])
def test_a_missing_or_bad_idempotency_key_is_a_422(client, key):
    headers = {} if key is None else {"Idempotency-Key": key.encode("utf-8", "surrogatepass")}
    response = client.post("/payments", json=GOOD, headers=headers)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["error"]


def test_hostile_bodies_get_the_apps_json_errors(client):
    key = {"Idempotency-Key": "k-2"}
    deep = "[" * 100_000 + "]" * 100_000
    cases = [
        (dict(data=deep[:16000], content_type="application/json"), 400, "nested too deep"),
        (dict(data="x" * 20_000, content_type="application/json"), 413, None),
        (dict(data="account=bob&amount=1"), 415, "Send JSON"),
        (dict(data='"\\ud800"', content_type="application/json"), 400, "JSON object"),
        (dict(data="[1, 2]", content_type="application/json"), 400, "JSON object"),
        (dict(data="{not json", content_type="application/json"), 400, "JSON object"),
    ]
    for kwargs, status, message in cases:
        response = client.post("/payments", headers=key, **kwargs)
        assert response.status_code == status, (kwargs, response.data[:200])
        error = response.get_json()["error"]
        assert message is None or message in error, error


def test_nothing_reaches_the_queue_from_a_bad_request(workers, client, pay, store, wait_done):
    who = f"only-{uuid.uuid4().hex[:8]}"
    for body in [{"account": who, "amount": "5"}, {"account": who, "amount": -5}]:
        response = client.post("/payments", json=body, headers={"Idempotency-Key": "k-3"})
        assert response.status_code == 422
    key = uuid.uuid4().hex
    done = wait_done(pay(key, account=who, amount=5).headers["Location"])  # the check can fail
    assert done["state"] == "SUCCESS"
    assert client.get(f"/accounts/{who}").get_json()["balance"] == 5
    assert store.exists("tried:k-3") == 0


def test_a_report_with_a_bad_field_is_a_422(client):
    assert client.post("/reports", json={"seconds": 31}).status_code == 422
    assert client.post("/reports", json={"stubborn": "yes"}).status_code == 422
    assert client.get("/accounts/a%00b").status_code == 422
