"""The real workers: routing, idempotency, retries with backoff, soft and hard time limits."""

import uuid


def account():
    return f"acct-{uuid.uuid4().hex[:8]}"


def test_each_queue_has_its_own_worker(workers, pay, client, wait_done):
    payment = wait_done(pay(uuid.uuid4().hex, account="alice", amount=10).headers["Location"])
    report = wait_done(client.post("/reports", json={}).headers["Location"])
    assert payment["state"] == "SUCCESS", payment
    assert payment["result"]["worker"] == workers["payments"].node
    assert report["state"] == "SUCCESS", report
    assert report["result"]["worker"] == workers["reports"].node


def test_the_same_idempotency_key_twice_credits_once(workers, pay, client, wait_done):
    key, who = uuid.uuid4().hex, account()
    first = wait_done(pay(key, account=who, amount=25).headers["Location"])
    again = wait_done(pay(key, account=who, amount=25).headers["Location"])
    assert first["result"]["applied"] is True and again["result"]["applied"] is False
    other = wait_done(pay(uuid.uuid4().hex, account=who, amount=5).headers["Location"])
    assert other["result"]["applied"] is True
    assert client.get(f"/accounts/{who}").get_json() == {"account": who, "balance": 30}


def test_a_failing_payment_is_retried_after_1_then_2_seconds(workers, pay, store, wait_done):
    key, who = uuid.uuid4().hex, account()
    body = wait_done(pay(key, account=who, amount=3, fail_times=2).headers["Location"])
    assert body["state"] == "SUCCESS", body
    assert body["result"]["attempt"] == 3 and body["result"]["balance"] == 3
    tried = [float(t) for t in store.lrange(f"tried:{key}", 0, -1)]
    assert len(tried) == 3
    # Exponential backoff: the retries wait at least 1 s, then at least 2 s (never sooner).
    assert tried[1] - tried[0] >= 1.0 - 0.05, tried
    assert tried[2] - tried[1] >= 2.0 - 0.05, tried


def test_past_the_soft_limit_a_report_cleans_up(workers, client, store, wait_done):
    body = wait_done(client.post("/reports", json={"seconds": 5}).headers["Location"])
    assert body["state"] == "FAILURE" and body["error"].startswith("SoftTimeLimitExceeded"), body
    assert store.exists(f"report-partial:{body['id']}") == 0  # nothing half-written left
    assert store.exists(f"report-cleaned:{body['id']}") == 1


def test_past_the_hard_limit_the_child_is_killed_and_replaced(workers, client, store, wait_done):
    before = wait_done(client.post("/reports", json={}).headers["Location"])["result"]["pid"]
    url = client.post("/reports", json={"seconds": 5, "stubborn": True}).headers["Location"]
    body = wait_done(url)
    assert body["state"] == "FAILURE" and body["error"].startswith("TimeLimitExceeded"), body
    assert store.get(f"report-cleaned:{body['id']}") == str(before)  # it was warned first
    after = wait_done(client.post("/reports", json={}).headers["Location"])
    assert after["state"] == "SUCCESS"
    assert after["result"]["pid"] != before  # a new child process took over
    assert workers["reports"].poll() is None  # the worker itself lives on
