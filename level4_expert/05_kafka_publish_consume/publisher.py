"""Publishing to Kafka from a view: one producer per process, and a delivery report per message.

    partition, offset = send(order)    # in a request; BrokerUnavailable if not confirmed in time

The producer is idempotent (the broker drops the duplicates its own retries would make, and keeps
their order), waits for every in-sync replica (`acks=all`), and gives up after
KAFKA_DELIVERY_TIMEOUT_MS: a broker that is down costs a request seconds, not minutes.
"""

import logging
import threading
import time

from confluent_kafka import KafkaError, KafkaException, Producer
from flask import current_app
from orders import encode

log = logging.getLogger("kafka.producer")  # librdkafka's own log lines come here


# Errors after which this producer stays refused: a broker that lost (or re-made) its producer-id
# state fences the old one, as a restarted Tansu does. A new producer gets a new id.
UNUSABLE = {KafkaError.PRODUCER_FENCED, KafkaError.UNKNOWN_PRODUCER_ID}


class BrokerUnavailable(Exception):
    """The broker did not confirm the message in time: the order is not accepted (a 503)."""

    def __init__(self, message, fatal=False):
        super().__init__(message)
        self.fatal = fatal  # the producer cannot be used again (fenced, a broken sequence)


def producer_config(config) -> dict:
    return {
        "bootstrap.servers": config["KAFKA_BOOTSTRAP_SERVERS"],
        "client.id": "orders-api",
        "enable.idempotence": True,  # retries never duplicate or reorder a message
        "acks": "all",  # confirmed once every in-sync replica has it
        # The bound on one message: connecting, retrying, waiting for the acks. After it, the
        # delivery report is an error (_MSG_TIMED_OUT) and the message is dropped from the queue.
        "delivery.timeout.ms": config["KAFKA_DELIVERY_TIMEOUT_MS"],
        "linger.ms": 5,  # a request waits for its report anyway: batch a little, not for long
        "logger": log,
    }


def init_publisher(app):
    app.extensions["kafka_producer"] = None  # made at the first publish: no thread before then
    app.extensions["kafka_producer_lock"] = threading.Lock()


def producer() -> Producer:
    """This process's producer (thread-safe: every request thread shares it)."""
    ext = current_app.extensions
    with ext["kafka_producer_lock"]:
        if ext["kafka_producer"] is None:
            ext["kafka_producer"] = Producer(producer_config(current_app.config))
        return ext["kafka_producer"]


def publish(producer, topic, order, timeout):
    """Send `order`, keyed by its customer, and wait for its delivery report: (partition, offset).

    Raises BrokerUnavailable if the report is an error or has not come within `timeout` seconds.
    """
    reports = []  # filled by the callback, which librdkafka runs inside producer.poll()
    # exercise: start - produce(key=customer, on_delivery=...); poll until a report or the deadline
    producer.produce(
        topic,
        key=order["customer"].encode(),  # one customer, one partition: their orders stay in order
        value=encode(order),
        on_delivery=lambda err, msg: reports.append((err, msg)),
    )
    deadline = time.monotonic() + timeout
    while not reports and time.monotonic() < deadline:
        producer.poll(0.05)  # serves the reports of every thread's messages, ours among them
    # exercise: end
    if not reports:
        raise BrokerUnavailable(f"no delivery report within {timeout:.0f} s")
    err, msg = reports[0]
    if err is not None:
        raise BrokerUnavailable(err.str(), fatal=err.fatal() or err.code() in UNUSABLE)
    return msg.partition(), msg.offset()


def send(order):
    """publish() on this app's producer and topic, with a deadline just past librdkafka's own."""
    config = current_app.config
    timeout = config["KAFKA_DELIVERY_TIMEOUT_MS"] / 1000 + 1
    try:
        return publish(producer(), config["KAFKA_TOPIC"], order, timeout)
    except BrokerUnavailable as exc:
        if exc.fatal:  # an idempotent producer's fatal error: the next request makes a new one
            log.warning("producer dropped after a fatal error: %s", exc)
            with current_app.extensions["kafka_producer_lock"]:
                current_app.extensions["kafka_producer"] = None
        raise
    except BufferError as exc:  # the local queue is full: the broker has been away a while
        raise BrokerUnavailable(f"producer queue full: {exc}") from None
    except KafkaException as exc:
        raise BrokerUnavailable(str(exc)) from None
