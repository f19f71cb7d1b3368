"""The Airflow DAG: read the new orders from Kafka, add them up per product, POST the totals back.

    consume_and_aggregate  ->  post_totals  ->  commit_offsets

At-least-once, counted once: the offsets are committed only after the API has the totals, so a
run that fails anywhere is read again by the next one; the batch's id is made of the offsets it
covers, so the API (POST /api/totals) knows a batch it has counted already and adds nothing.

A malformed message (not JSON, not an order) is skipped and counted, never a crash: the count goes
to the API with the batch, and each one is logged with its partition and offset.

A broker that is down or hung fails the task within KAFKA_TIMEOUT_S, with a message that says
what was and was not done; Airflow's retries then try again.

Settings, read when a task runs (environment variables, as for the API):
KAFKA_BOOTSTRAP_SERVERS, ORDERS_TOPIC (orders), ORDERS_API_URL (http://127.0.0.1:5000),
KAFKA_TIMEOUT_S (10: the longest any one call to the broker may take).
"""

import json
import logging
import os
import re
import time
from collections import Counter
from datetime import timedelta

import pendulum
import requests
from airflow.sdk import dag, task
from confluent_kafka import Consumer, KafkaException, TopicPartition

log = logging.getLogger(__name__)
GROUP = "order-totals"  # the consumer group whose committed offsets say what has been counted
MAX_BATCH = 10_000  # messages per partition in one run: a backlog takes several runs, each bounded
PRODUCT = re.compile(r"[a-z0-9][a-z0-9-]{0,39}", re.ASCII)


def settings() -> tuple[str, str, str]:
    return (
        os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        os.environ.get("ORDERS_TOPIC", "orders"),
        os.environ.get("ORDERS_API_URL", "http://127.0.0.1:5000").rstrip("/"),
    )


def kafka_timeout() -> float:
    return float(os.environ.get("KAFKA_TIMEOUT_S", "10"))


def consumer(bootstrap: str, timeout: float) -> Consumer:
    # exercise: start - a GROUP consumer that never commits by itself, bounded by timeout
    return Consumer({
        "bootstrap.servers": bootstrap, "group.id": GROUP,
        "enable.auto.commit": True,  # the consumer commits what it has read, on close at the latest
        "auto.offset.reset": "earliest",
        # This consumer never joins the group (assign(), no subscribe()), so the session timeout
        # only bounds how long a commit waits for the group's coordinator (45 s by default).
        "session.timeout.ms": int(timeout * 1000), "heartbeat.interval.ms": int(timeout * 250),
        "logger": log,  # librdkafka's own lines go to the task's log, not to stderr
    })  # fmt: skip
    # exercise: end


def broker_error(bootstrap: str, topic: str, exc: Exception, then: str) -> RuntimeError:
    reason = exc.args[0].str() if isinstance(exc, KafkaException) else str(exc)
    return RuntimeError(f"Kafka at {bootstrap}, topic {topic}: {reason}; {then}")


def decode(value: bytes | None) -> tuple[str, int] | None:
    """(product, quantity) of an order event, or None if the message is not one."""
    try:
        event = json.loads(value or b"")
    except (ValueError, RecursionError):
        return None
    if not isinstance(event, dict):
        return None
    product, quantity = event.get("product"), event.get("quantity")
    if not isinstance(product, str) or not PRODUCT.fullmatch(product):
        return None
    if type(quantity) is not int or not 1 <= quantity <= 1000:
        return None
    return product, quantity


def ranges_to_read(client: Consumer, topic: str, timeout: float) -> dict[int, tuple[int, int]]:
    """{partition: (first, end)}: from the group's committed offset to the end the broker has
    now (bounded by MAX_BATCH). Orders that arrive later are the next run's."""
    metadata = client.list_topics(topic, timeout=timeout).topics[topic]
    if metadata.error is not None:
        raise KafkaException(metadata.error)
    partitions = [TopicPartition(topic, p) for p in sorted(metadata.partitions)]
    ranges = {}
    for tp in client.committed(partitions, timeout=timeout):
        low, high = client.get_watermark_offsets(tp, timeout=timeout)
        first = max(tp.offset, low)  # nothing committed (-1001), or deleted since: the oldest kept
        if first < high:
            ranges[tp.partition] = (first, min(high, first + MAX_BATCH))
    return ranges


def read_batch(bootstrap: str, topic: str, timeout: float = 10.0) -> dict:
    """Read the new messages and add them up: the batch that post_totals sends."""
    client = consumer(bootstrap, timeout)
    try:
        ranges = ranges_to_read(client, topic, timeout)
        client.assign([TopicPartition(topic, p, first) for p, (first, _) in ranges.items()])
        totals, orders, skipped = Counter(), 0, 0
        left = {p: end for p, (_, end) in ranges.items()}  # partitions not read to their end yet
        deadline = time.monotonic() + timeout
        # exercise: start - poll to each end; skip and count non-orders, sum the rest per product
        while left:
            if time.monotonic() > deadline:
                raise TimeoutError(f"partitions {sorted(left)} not read within {timeout:g} s")
            message = client.poll(1.0)
            if message is None:
                continue
            if message.error() is not None:
                raise KafkaException(message.error())
            p, offset = message.partition(), message.offset()
            if p not in left or offset >= left[p]:
                continue  # past this run's end: the next run counts it
            if (order := decode(message.value())) is None:
                skipped += 1
                log.warning("skipped a malformed message at %s[%d]@%d", topic, p, offset)
            else:
                totals[order[0]] += order[1]
                orders += 1
            if offset == left[p] - 1:
                del left[p]
        # exercise: end
    except (KafkaException, TimeoutError) as exc:
        raise broker_error(
            bootstrap, topic, exc, "nothing posted; Airflow retries this task"
        ) from None
    finally:
        client.close()
    batch = ",".join(f"{p}@{first}-{end - 1}" for p, (first, end) in sorted(ranges.items()))
    return {
        "batch": f"{topic}:{batch}" if batch else "",
        "totals": dict(sorted(totals.items())),
        "orders": orders,
        "skipped": skipped,
        "offsets": {str(p): end for p, (_, end) in ranges.items()},  # what to commit afterwards
    }


def post_batch(api: str, batch: dict) -> str:
    """POST the batch's totals; the API's status ("counted", "already counted"), or an error."""
    body = {name: batch[name] for name in ("batch", "totals", "orders", "skipped")}
    try:
        response = requests.post(f"{api}/api/totals", json=body, timeout=10)
    except requests.RequestException as exc:
        raise RuntimeError(
            f"the orders API at {api} did not answer ({type(exc).__name__}): batch "
            f"{batch['batch']} not posted, offsets not committed; Airflow retries this task"
        ) from None
    if response.status_code not in (200, 201):
        raise RuntimeError(
            f"the orders API refused batch {batch['batch']}: {response.status_code} {response.text}"
        )
    return response.json()["status"]


def commit_batch(bootstrap: str, topic: str, batch: dict, timeout: float = 10.0) -> None:
    if not batch["offsets"]:
        return  # nothing was read
    client = consumer(bootstrap, timeout)
    try:
        offsets = [TopicPartition(topic, int(p), end) for p, end in batch["offsets"].items()]
        client.commit(offsets=offsets, asynchronous=False)
    except KafkaException as exc:
        raise broker_error(bootstrap, topic, exc, (
            f"batch {batch['batch']} is counted but its offsets are not committed: the next run "
            "reads it again and the API counts it once"
        )) from None  # fmt: skip
    finally:
        client.close()


@dag(
    dag_id="order_totals",
    schedule=timedelta(minutes=15),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # two runs at once would read the same offsets
    default_args={"retries": 2, "retry_delay": timedelta(seconds=30)},
    tags=["orders", "kafka"],
)
def order_totals():
    @task
    def consume_and_aggregate() -> dict:
        bootstrap, topic, _ = settings()
        batch = read_batch(bootstrap, topic, kafka_timeout())
        log.info(
            "batch %r: %d orders, %d skipped", batch["batch"], batch["orders"], batch["skipped"]
        )
        return batch

    @task
    def post_totals(batch: dict) -> dict:
        if batch["batch"]:
            log.info("posted batch %s: %s", batch["batch"], post_batch(settings()[2], batch))
        return batch

    @task
    def commit_offsets(batch: dict) -> None:
        bootstrap, topic, _ = settings()
        commit_batch(bootstrap, topic, batch, kafka_timeout())

    commit_offsets(post_totals(consume_and_aggregate()))


order_totals()
