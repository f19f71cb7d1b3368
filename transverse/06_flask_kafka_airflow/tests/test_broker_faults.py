"""A broker killed (SIGKILL) or hung (SIGSTOP) in the middle: the API says 503 within its bound,
the DAG fails within KAFKA_TIMEOUT_S with a message that says what was and was not done, and
nothing is half-written: no batch posted from a broker that is gone, no batch counted twice when
the commit was lost. Each test has a broker of its own (own_broker), whose PID it holds."""

import os
import signal
import time

import pytest
import requests

from shared.services.kafka import create_topic
from shared.testing import free_port

UPSTREAM_FAILED = {"post_totals": "upstream_failed", "commit_offsets": "upstream_failed"}


def test_a_broker_killed_under_the_live_api_is_a_503_and_the_dag_posts_nothing(
    own_broker, serve_api, run_dag, api_totals
):
    bootstrap, broker = own_broker
    topic = create_topic(bootstrap)
    with serve_api(bootstrap, topic, KAFKA_DELIVERY_TIMEOUT_MS="1000") as api:
        placed = requests.post(f"{api}/api/orders", json={"product": "oolong", "quantity": 1},
                               timeout=10)  # fmt: skip
        assert placed.status_code == 202, placed.text

        os.kill(broker.pid, signal.SIGKILL)
        broker.wait(5)
        started = time.monotonic()
        refused = requests.post(f"{api}/api/orders", json={"product": "oolong", "quantity": 2},
                                timeout=10)  # fmt: skip
        waited = time.monotonic() - started
        state, tasks = run_dag(api, KAFKA_BOOTSTRAP_SERVERS=bootstrap, ORDERS_TOPIC=topic,
                               KAFKA_TIMEOUT_S="1")  # fmt: skip

        assert (refused.status_code, waited < 5) == (503, True), (refused.text, waited)
        assert refused.json()["error"].startswith(
            "the message broker is unavailable, try again later: "
        )
        assert (state, tasks) == ("failed", {"consume_and_aggregate": "failed", **UPSTREAM_FAILED})
        assert api_totals(api)["batches"] == 0  # the API still answers; nothing was posted


def test_the_consume_task_s_error_says_what_failed_and_what_happens_next(dagbag):
    consume = dagbag.dags["order_totals"].get_task("consume_and_aggregate")
    nobody = f"127.0.0.1:{free_port()}"

    with pytest.MonkeyPatch.context() as mp:
        for name, value in {"KAFKA_BOOTSTRAP_SERVERS": nobody, "ORDERS_TOPIC": "orders",
                            "KAFKA_TIMEOUT_S": "1"}.items():  # fmt: skip
            mp.setenv(name, value)
        with pytest.raises(RuntimeError) as error:
            consume.python_callable()

    assert str(error.value) == (
        f"Kafka at {nobody}, topic orders: Failed to get metadata: Local: Broker transport "
        "failure; nothing posted; Airflow retries this task"
    )


def test_a_broker_hung_after_the_callback_loses_nothing_and_counts_nothing_twice(
    own_broker, serve_api, run_dag, dagbag, committed, api_totals, monkeypatch
):
    """The worst moment: the API has the totals, the offsets are not committed yet."""
    bootstrap, broker = own_broker
    topic = create_topic(bootstrap)
    post_totals = dagbag.dags["order_totals"].get_task("post_totals")
    posted = post_totals.python_callable

    def post_then_hang(batch):
        result = posted(batch)
        os.kill(broker.pid, signal.SIGSTOP)
        return result

    with serve_api(bootstrap, topic) as api:
        for product, quantity in [("green-tea", 2), ("oolong", 1)]:
            placed = requests.post(
                f"{api}/api/orders", json={"product": product, "quantity": quantity}, timeout=10
            )
            assert placed.status_code == 202, placed.text  # fmt: skip
        kafka = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "ORDERS_TOPIC": topic,
                 "KAFKA_TIMEOUT_S": "2"}  # fmt: skip
        monkeypatch.setattr(post_totals, "python_callable", post_then_hang)

        started = time.monotonic()
        hung = run_dag(api, **kafka)
        waited = time.monotonic() - started
        os.kill(broker.pid, signal.SIGCONT)
        lost_commit = committed(bootstrap, topic)
        monkeypatch.setattr(post_totals, "python_callable", posted)
        again = run_dag(api, **kafka)

        assert hung == ("failed", {"consume_and_aggregate": "success", "post_totals": "success",
                                   "commit_offsets": "failed"})  # fmt: skip
        assert waited < 20, f"the commit to a hung broker took {waited:.0f} s: bound its wait"
        assert lost_commit == {}
        assert again == ("success", dict.fromkeys(hung[1], "success"))
        assert api_totals(api) == {
            "totals": {"green-tea": 2, "oolong": 1}, "batches": 1, "orders": 2, "skipped": 0,
        }, "the batch read again after the lost commit was counted twice"  # fmt: skip
        assert sum(committed(bootstrap, topic).values()) == 2
