"""The DAG: it imports cleanly, and runs end to end (dag.test(), real Airflow) against the live
API on 127.0.0.1 and the Kafka-protocol broker."""

import pytest
import requests

from shared.testing import free_port

TASKS = ["commit_offsets", "consume_and_aggregate", "post_totals"]


def test_the_dagbag_imports_with_no_error(dagbag):
    assert dagbag.import_errors == {}
    dag = dagbag.dags["order_totals"]
    assert sorted(task.task_id for task in dag.tasks) == TASKS
    assert dag.get_task("commit_offsets").upstream_task_ids == {"post_totals"}
    assert dag.get_task("post_totals").upstream_task_ids == {"consume_and_aggregate"}
    assert dag.max_active_runs == 1  # two runs at once would read the same offsets
    assert dag.get_task("post_totals").retries == 2  # an API that is down is tried again


def test_a_run_adds_up_the_orders_and_skips_a_malformed_message(
    live_api, run_dag, produce, committed, api_totals
):
    for product, quantity in [("green-tea", 2), ("oolong", 1), ("green-tea", 3)]:
        answer = requests.post(f"{live_api}/api/orders", json={"product": product,
                               "quantity": quantity}, timeout=10)  # fmt: skip
        assert answer.status_code == 202, answer.text
    produce(b"{not json", b'{"product": "oolong", "quantity": "lots"}')

    state, tasks = run_dag(live_api)

    assert (state, tasks) == ("success", dict.fromkeys(TASKS, "success"))
    assert api_totals(live_api) == {
        "totals": {"green-tea": 5, "oolong": 1}, "batches": 1, "orders": 3, "skipped": 2,
    }  # fmt: skip
    assert sum(committed().values()) == 5  # every message read, the malformed ones too


def test_a_second_run_counts_only_what_is_new(live_api, run_dag, produce, order, api_totals):
    produce(order("green-tea", 2).encode())
    run_dag(live_api)
    produce(order("oolong", 4).encode())

    state, _ = run_dag(live_api)
    nothing_new, _ = run_dag(live_api)

    assert (state, nothing_new) == ("success", "success")
    assert api_totals(live_api) == {
        "totals": {"green-tea": 2, "oolong": 4}, "batches": 2, "orders": 2, "skipped": 0,
    }  # fmt: skip


def test_a_rerun_that_reads_a_batch_again_does_not_double_count(
    live_api, run_dag, produce, order, committed, api_totals, kafka_bootstrap, kafka_topic
):
    """A crash between the callback and the commit: the next run reads the same batch again."""
    from confluent_kafka import Consumer, TopicPartition

    produce(order("green-tea", 2).encode(), order("oolong", 1).encode())
    run_dag(live_api)
    rewind = Consumer({"bootstrap.servers": kafka_bootstrap, "group.id": "order-totals"})
    rewind.commit(offsets=[TopicPartition(kafka_topic, p, 0) for p in committed()],
                  asynchronous=False)  # fmt: skip
    rewind.close()

    state, tasks = run_dag(live_api)

    assert (state, tasks) == ("success", dict.fromkeys(TASKS, "success"))
    assert api_totals(live_api) == {
        "totals": {"green-tea": 2, "oolong": 1}, "batches": 1, "orders": 2, "skipped": 0,
    }, "Skill missing: the same batch posted again is counted once"  # fmt: skip


def test_an_api_that_is_down_fails_the_run_and_commits_nothing(
    live_api, run_dag, produce, order, committed, api_totals
):
    produce(order("green-tea", 2).encode())
    down = f"http://127.0.0.1:{free_port()}"

    state, tasks = run_dag(down)

    assert state == "failed"
    assert (tasks["consume_and_aggregate"], tasks["post_totals"]) == ("success", "failed")
    assert tasks["commit_offsets"] != "success"
    assert committed() == {}, (
        "Skill missing: commit the offsets only after the API has the totals: the next run must "
        "read these orders again"
    )
    state, _ = run_dag(live_api)  # the API is back
    assert state == "success"
    assert api_totals(live_api)["totals"] == {"green-tea": 2}


def test_the_callback_s_error_says_what_failed_and_what_happens_next(dagbag):
    post_totals = dagbag.dags["order_totals"].get_task("post_totals")
    batch = {"batch": "orders:0@0-0", "totals": {"oolong": 1}, "orders": 1, "skipped": 0,
             "offsets": {"0": 1}}  # fmt: skip
    down = f"http://127.0.0.1:{free_port()}"

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ORDERS_API_URL", down)
        with pytest.raises(RuntimeError) as error:
            post_totals.python_callable(batch)

    assert str(error.value) == (
        f"the orders API at {down} did not answer (ConnectionError): batch orders:0@0-0 not "
        "posted, offsets not committed; Airflow retries this task"
    )
