"""The worker as a real process in a consumer group: orders handled, then committed; duplicates
absorbed; poison messages dead-lettered; a worker killed mid-way loses nothing, doubles nothing."""

import json
import os
import signal

import pytest
from orders import encode

GOOD = {"id": "c" * 32, "customer": "carol", "sku": "pen", "quantity": 4}


def test_orders_are_handled_and_their_offsets_committed(client, order, start_worker, database,
                                                        waiting, committed_total, kafka_bootstrap,
                                                        kafka_topic, dlq_topic):  # fmt: skip
    ids = [client.post("/api/orders", json=order(c, quantity=2)).get_json()["id"]
           for c in ("alice", "bob", "alice")]  # fmt: skip
    with start_worker():
        waiting(lambda: database.count() == 3, 60, "3 orders handled")
        waiting(lambda: committed_total(kafka_bootstrap) == 3, 30, "3 offsets committed")
    assert database.reserved("book-42") == 6
    body = client.get(f"/api/orders/{ids[0]}").get_json()
    assert body["status"] == "processed" and body["deliveries"] == 1
    assert client.get("/api/stock/book-42").get_json()["reserved"] == 6


def test_a_duplicate_delivery_is_absorbed(start_worker, produce_raw, database, waiting,
                                          kafka_bootstrap, kafka_topic, dlq_topic):  # fmt: skip
    with start_worker() as worker:
        for _ in range(3):  # a producer's retry, a replay: the same order three times
            produce_raw(kafka_bootstrap, kafka_topic, encode(GOOD), key=b"carol")
        waiting(lambda: (database.order(GOOD["id"]) or {}).get("deliveries") == 3, 60,
                "3 deliveries handled")  # fmt: skip
        assert database.reserved("pen") == 4, "a duplicate delivery was applied twice"
        assert worker.log().count("duplicate delivery, absorbed") == 2


POISON = [b"{not json", b'{"id": "x", "customer": "a"}', b"[" * 50_000, b"\xff\xfe", b""]


def test_poison_messages_go_to_the_dead_letter_topic_and_the_rest_flows(
    start_worker, produce_raw, database, waiting, messages, committed_total, runner,
    kafka_bootstrap, kafka_topic, dlq_topic,
):  # fmt: skip
    for value in POISON:
        produce_raw(kafka_bootstrap, kafka_topic, value, key=b"mallory")
    produce_raw(kafka_bootstrap, kafka_topic, encode(GOOD), key=b"mallory")  # same partition, after
    with start_worker() as worker:
        waiting(lambda: database.order(GOOD["id"]), 60, "the good order after the poison")
        waiting(
            lambda: len(messages(kafka_bootstrap, dlq_topic)) == len(POISON), 30, "dead letters"
        )
        assert worker.log().count("poison message at") == len(POISON)
    letters = messages(kafka_bootstrap, dlq_topic)
    assert [m.value() or b"" for m in letters] == POISON  # as they came, in their order
    for letter in letters:
        headers = {k: v.decode() for k, v in letter.headers()}
        assert letter.key() == b"mallory" and headers["original-topic"] == kafka_topic
        assert headers["error"] and int(headers["original-offset"]) >= 0
    assert committed_total(kafka_bootstrap) == len(POISON) + 1  # nothing left behind
    result = runner.invoke(args=["dead-letters"])
    assert result.exit_code == 0, result.output
    assert f"{len(POISON)} dead letter(s) in {dlq_topic}" in result.output
    assert "key=b'mallory' value=b'{not json': not JSON" in result.output


def test_a_worker_killed_while_handling_loses_nothing(client, order, start_worker, database,
                                                      waiting, dlq_topic):  # fmt: skip
    order_id = client.post("/api/orders", json=order("dave", "lamp", 5)).get_json()["id"]
    with start_worker(HANDLE_SECONDS="30") as first:
        first.wait_for(f"handling order {order_id}")
        os.kill(first.proc.pid, signal.SIGKILL)  # inside the handler's transaction
        first.proc.wait(timeout=10)
    assert database.order(order_id) is None  # rolled back: nothing half-written
    with start_worker() as second:
        waiting(lambda: database.order(order_id), 60,
                "the order was lost: its offset was committed before it was handled")  # fmt: skip
        assert f"handling order {order_id}" in second.log()
    assert database.order(order_id)["deliveries"] == 1  # the killed attempt left no trace
    assert database.reserved("lamp") == 5


def test_a_worker_killed_between_handling_and_commit_is_redelivered_and_absorbed(
    client, order, start_worker, database, waiting, dlq_topic
):
    order_id = client.post("/api/orders", json=order("erin", "desk", 2)).get_json()["id"]
    with start_worker(COMMIT_DELAY="30") as first:
        first.wait_for(f"order {order_id}: reserved 2 x desk")  # handled, not yet committed
        os.kill(first.proc.pid, signal.SIGKILL)
        first.proc.wait(timeout=10)
    assert database.order(order_id)["deliveries"] == 1
    with start_worker() as second:
        waiting(lambda: database.order(order_id)["deliveries"] == 2, 60,
                "the order was not redelivered: its offset was committed before the worker "
                "was done with it")  # fmt: skip
        assert f"order {order_id}: duplicate delivery, absorbed" in second.log()
    assert database.reserved("desk") == 2, "the redelivered order was applied twice"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_worker_leaves_the_group_cleanly(start_worker, signum, dlq_topic):
    with start_worker() as worker:
        os.kill(worker.proc.pid, signum)
        assert worker.proc.wait(timeout=30) == 0
        assert "worker: stopped" in worker.log()
        assert json.dumps("Traceback") not in worker.log() and "Traceback" not in worker.log()
