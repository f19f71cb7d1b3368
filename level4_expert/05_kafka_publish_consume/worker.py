"""The consumer: a worker process in a consumer group, at-least-once, duplicates absorbed.

    python level4_expert/05_kafka_publish_consume/worker.py      # KAFKA_BOOTSTRAP_SERVERS, ...

For each message: decode it; a poison message (not an order) goes to the dead-letter topic; an
order is handled (store.handle: idempotent). Only THEN is its offset committed, synchronously.
A worker that dies before the commit gets the message again after a restart, and the handler
recognises it. Start several: the group shares the topic's partitions between them.

Settings, from the environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC (orders), KAFKA_GROUP
(orders-worker), KAFKA_DLQ_TOPIC (<topic>.dlq), ORDERS_DB, HANDLE_SECONDS (0: how long the work
takes), COMMIT_DELAY (0: seconds between handling and committing), and any consumer setting as
KAFKA_CONSUMER_<NAME> (KAFKA_CONSUMER_SESSION_TIMEOUT_MS=6000 is session.timeout.ms).
"""

import logging
import os
import signal
import sys
import time

import store
from confluent_kafka import Consumer, KafkaError, Producer
from orders import InvalidOrder, decode

log = logging.getLogger("worker")
PREFIX = "KAFKA_CONSUMER_"


class DeadLetterFailed(Exception):
    """The poison message did not reach the dead-letter topic: it is not committed either."""


def settings_from_env(environ=os.environ) -> dict:
    topic = environ.get("KAFKA_TOPIC", "orders")
    return {
        "bootstrap": environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        "topic": topic,
        "group": environ.get("KAFKA_GROUP", "orders-worker"),
        "dlq": environ.get("KAFKA_DLQ_TOPIC", f"{topic}.dlq"),
        "db": environ.get("ORDERS_DB", str(store.DEFAULT_DB)),
        "seconds": float(environ.get("HANDLE_SECONDS", "0")),
        "commit_delay": float(environ.get("COMMIT_DELAY", "0")),
        "extra": {
            name[len(PREFIX) :].lower().replace("_", "."): value
            for name, value in environ.items()
            if name.startswith(PREFIX)
        },
    }


def consumer_config(settings) -> dict:
    return {
        "bootstrap.servers": settings["bootstrap"],
        "group.id": settings["group"],  # the workers of one group share the partitions
        "auto.offset.reset": "earliest",  # a new group starts at the topic's first message
        "enable.auto.commit": False,  # we commit, after handling: at-least-once
        "allow.auto.create.topics": True,  # a fresh broker: the topic is made on subscribe
        "logger": log,
        **settings["extra"],
    }


def dead_letter(producer, topic, message, error, timeout=10.0):
    """Copy a poison message to the dead-letter topic, with why and where from, and wait for it."""
    reports = []
    headers = {
        "error": str(error),
        "original-topic": message.topic(),
        "original-partition": str(message.partition()),
        "original-offset": str(message.offset()),
    }
    producer.produce(
        topic,
        key=message.key(),
        value=message.value(),
        headers=[(name, value.encode()) for name, value in headers.items()],
        on_delivery=lambda err, msg: reports.append(err),
    )
    producer.flush(timeout)
    if reports != [None]:
        raise DeadLetterFailed(f"{topic}: {reports[0] if reports else 'no delivery report'}")
    log.warning(
        "poison message at %s[%d]@%d sent to %s: %s",
        message.topic(), message.partition(), message.offset(), topic, error,
    )  # fmt: skip


def commit(consumer, message, delay=0.0):
    """Commit the offset after `message`, synchronously: once this returns, the broker has it."""
    # COMMIT_DELAY: the window between handling and committing is always there, however short; a
    # delay makes it wide enough for a test (or you) to kill the worker inside it.
    time.sleep(delay)
    consumer.commit(message=message, asynchronous=False)


def process(consumer, producer, db, message, settings):
    """One message: handled (or dead-lettered), then committed. Never committed before."""
    # exercise: start - decode; InvalidOrder: dead_letter(), else store.handle(); then commit()
    try:
        order = decode(message.value())
    except InvalidOrder as exc:
        dead_letter(producer, settings["dlq"], message, exc)
    else:
        store.handle(db, order, message.partition(), message.offset(), settings["seconds"])
    commit(consumer, message, settings["commit_delay"])
    # exercise: end


def assigned(consumer, partitions):
    log.info("assigned %s", ", ".join(f"{p.topic}[{p.partition}]" for p in partitions) or "none")


def run(settings, stopping=lambda: False):
    """Consume until stopping() is true; close the consumer on the way out (leaves the group)."""
    consumer = Consumer(consumer_config(settings))
    producer = Producer(
        {"bootstrap.servers": settings["bootstrap"], "enable.idempotence": True, "acks": "all"}
    )  # for the dead-letter topic
    db = store.connect(settings["db"])
    consumer.subscribe([settings["topic"]], on_assign=assigned)
    log.info("consuming %s as group %s", settings["topic"], settings["group"])
    try:
        while not stopping():
            message = consumer.poll(0.1)  # short: a SIGTERM is seen within 0.1 s
            if message is None:
                continue
            if message.error():
                if message.error().fatal():
                    raise SystemExit(f"fatal: {message.error()}")
                if message.error().code() != KafkaError._PARTITION_EOF:
                    log.warning("consumer: %s", message.error().str())
                continue
            process(consumer, producer, db, message, settings)
    finally:
        consumer.close()  # commits nothing more: the group rebalances now, not after a timeout
        db.close()
        log.info("stopped")


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, stream=sys.stdout, format="%(name)s: %(message)s", force=True
    )
    stop = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.append(signum))
    signal.signal(signal.SIGINT, lambda signum, frame: stop.append(signum))
    run(settings_from_env(), stopping=lambda: bool(stop))
    return 0


if __name__ == "__main__":
    sys.exit(main())
