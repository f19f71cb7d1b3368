"""Skill checks: an order is accepted only once the broker has confirmed it; the DAG reads a
bounded batch, skips and counts what is not an order, names the batch by its offsets, and
commits them only after the API has the totals; the API counts a batch once. A failing check
starts with "Skill missing: "."""

import ast
import inspect
import json
import textwrap

from app import create_app
from events import publish

from shared.testing import free_port


def names_in(function) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    found |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return found | {node.arg for node in ast.walk(tree) if isinstance(node, ast.keyword)}


# --- the API's producer -------------------------------------------------------------------------


def test_skill_publish_waits_for_the_delivery_report():
    assert {"produce", "on_delivery", "poll"} <= names_in(publish), (
        "Skill missing: producer.produce(..., on_delivery=...) then producer.poll() until the "
        "delivery report (or the deadline): only the report says the broker has the order"
    )


def test_skill_the_202_names_the_message_the_broker_confirmed(client, on_topic):
    response = client.post("/api/orders", json={"product": "oolong", "quantity": 3})

    assert response.status_code == 202, (
        "Skill missing: publish the order and answer 202 once its delivery report came "
        f"(got {response.status_code}: {response.get_data(as_text=True)})"
    )
    body = response.get_json()
    messages = on_topic()
    assert [(p, o) for p, o, *_ in messages] == [(body["partition"], body["offset"])], (
        "Skill missing: the 202 carries the partition and offset of the delivery report "
        f"(got {body.get('partition')}@{body.get('offset')}, the topic holds {messages})"
    )
    assert messages[0][2] == b"oolong" and json.loads(messages[0][3])["quantity"] == 3


def test_skill_an_unconfirmed_order_is_a_503_never_a_202(db_path):
    app = create_app({
        "TESTING": True, "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",
        "TOTALS_DB": str(db_path), "KAFKA_DELIVERY_TIMEOUT_MS": 1000,
    })  # fmt: skip

    response = app.test_client().post("/api/orders", json={"product": "oolong", "quantity": 1})

    assert response.status_code == 503, (
        "Skill missing: wait for the delivery report, bounded by delivery.timeout.ms: with no "
        f"broker the order is a 503, never accepted (got {response.status_code})"
    )


# --- the DAG's consume-aggregate task -----------------------------------------------------------


def test_skill_the_batch_adds_up_orders_and_counts_malformed_messages(
    dag_module, kafka_bootstrap, kafka_topic, produce, order
):
    produce(
        order("green-tea", 2).encode(), b"{not json", order("oolong", 1).encode(),
        b"[1, 2]", order("green-tea", 5).encode(), b'{"product": "oolong", "quantity": true}',
        b"\xff\xfe",
    )  # fmt: skip

    batch = dag_module.read_batch(kafka_bootstrap, kafka_topic)

    assert (batch["totals"], batch["orders"], batch["skipped"]) == (
        {"green-tea": 7, "oolong": 1},
        3,
        4,
    ), (  # fmt: skip
        "Skill missing: poll every partition to its end; a message that is not an order is "
        "skipped and counted (never a crash), the others added up per product (got "
        f"{batch['totals']}, {batch['orders']} orders, {batch['skipped']} skipped)"
    )
    assert sum(batch["offsets"].values()) == 7


def test_skill_a_batch_read_again_has_the_same_id(dag_module, kafka_bootstrap, kafka_topic,
                                                   produce, order):  # fmt: skip
    produce(*(order("rooibos", n).encode() for n in (1, 2, 3)))

    first = dag_module.read_batch(kafka_bootstrap, kafka_topic)
    again = dag_module.read_batch(kafka_bootstrap, kafka_topic)  # nothing committed in between

    assert first["batch"] and first == again, (
        "Skill missing: read from the committed offsets to the end the broker has now, and name "
        "the batch by the offsets it covers: a rerun reads and names the same batch"
    )
    assert first["batch"].startswith(f"{kafka_topic}:")


def test_skill_nothing_is_committed_before_the_callback(dag_module, kafka_bootstrap, kafka_topic,
                                                        produce, order, committed):  # fmt: skip
    produce(order("rooibos", 1).encode())

    dag_module.read_batch(kafka_bootstrap, kafka_topic)

    assert committed() == {}, (
        "Skill missing: commit the offsets only after the API has the totals (commit_offsets, "
        "after post_totals): a batch committed first and then not posted is lost"
    )


# --- the API's callback -------------------------------------------------------------------------


def test_skill_a_batch_posted_twice_is_counted_once(client):
    batch = {"batch": "orders:0@0-1", "totals": {"oolong": 3}, "orders": 2, "skipped": 0}

    answers = [client.post("/api/totals", json=batch).status_code for _ in "12"]

    assert (answers, client.get("/api/totals").get_json()["totals"]) == ([201, 200],
                                                                         {"oolong": 3}), (
        "Skill missing: POST /api/totals is idempotent by batch id (a PRIMARY KEY, the "
        f"IntegrityError caught): the same batch again adds nothing (got {answers})"
    )  # fmt: skip
