"""Skill checks: the producer, the consumer's commit and the handler are written with the skill.

The usual shortcuts pass a happy path: fire-and-forget produce (no report waited for), no key,
auto-commit or a commit before the handler runs, a handler that applies every delivery. They fail.
"""

import json

import orders
import pytest
import store
import worker
from confluent_kafka import Producer
from publisher import BrokerUnavailable, producer_config, publish

from shared.testing import HOST, free_port

ORDER = {"id": "a" * 32, "customer": "alice", "sku": "book-42", "quantity": 3}


def test_skill_the_producer_is_idempotent_waits_for_all_replicas_and_is_bounded():
    config = producer_config({"KAFKA_BOOTSTRAP_SERVERS": "x:1", "KAFKA_DELIVERY_TIMEOUT_MS": 2500})
    assert config.get("enable.idempotence") is True and str(config.get("acks")) in {"all", "-1"}, (
        "Skill missing: an idempotent producer (enable.idempotence) with acks=all"
    )
    assert config.get("delivery.timeout.ms") == 2500


def test_skill_publish_sends_the_customer_as_key_and_returns_the_delivery_report(
    kafka_bootstrap, kafka_topic, messages
):
    producer = Producer({"bootstrap.servers": kafka_bootstrap})
    partition, offset = publish(producer, kafka_topic, ORDER, timeout=30)
    [message] = messages(kafka_bootstrap, kafka_topic)
    assert message.key() == b"alice", (
        "Skill missing: produce with key=the customer: one customer's orders on one partition"
    )
    assert (message.partition(), message.offset()) == (partition, offset), (
        "Skill missing: return the partition and offset of the delivery report (on_delivery)"
    )
    assert json.loads(message.value()) == ORDER


def test_skill_publish_raises_when_no_report_comes():
    port = free_port()  # nothing listens there
    producer = Producer({"bootstrap.servers": f"{HOST}:{port}", "delivery.timeout.ms": 1000})
    with pytest.raises(BrokerUnavailable):
        publish(producer, "orders", ORDER, timeout=10)


def test_skill_the_consumer_commits_by_hand():
    config = worker.consumer_config(worker.settings_from_env({}))
    assert config.get("enable.auto.commit") is False, (
        "Skill missing: enable.auto.commit False: commit by hand, after the handler"
    )
    assert config["group.id"] == "orders-worker" and config["auto.offset.reset"] == "earliest"


class Recorder:
    """A consumer and a handler that write down what happened, in order."""

    def __init__(self):
        self.events = []

    def commit(self, message=None, asynchronous=True, **kwargs):
        self.events.append(("commit", message.offset(), asynchronous))


class Message:
    def __init__(self, value, offset=7):
        self._value, self._offset = value, offset

    def value(self):
        return self._value

    def offset(self):
        return self._offset

    def partition(self):
        return 0


@pytest.fixture
def recorded(monkeypatch):
    rec = Recorder()
    monkeypatch.setattr(
        store, "handle", lambda db, order, p, o, s=0: rec.events.append(("handle", order["id"]))
    )
    monkeypatch.setattr(
        worker, "dead_letter", lambda prod, topic, msg, err: rec.events.append(("dlq", topic))
    )
    return rec


SETTINGS = {"dlq": "orders.dlq", "seconds": 0, "commit_delay": 0}


def test_skill_a_message_is_committed_after_it_is_handled(recorded):
    worker.process(recorded, None, None, Message(orders.encode(ORDER)), SETTINGS)
    assert recorded.events == [("handle", "a" * 32), ("commit", 7, False)], (
        "Skill missing: in process, store.handle() first, then commit(consumer, message, ...): "
        "synchronous, and never before the handler"
    )


@pytest.mark.parametrize("value", [b"{not json", b'{"id": "x"}', None, b"\xff\xfe"])
def test_skill_a_poison_message_goes_to_the_dead_letter_topic_then_is_committed(recorded, value):
    worker.process(recorded, None, None, Message(value), SETTINGS)
    assert recorded.events == [("dlq", "orders.dlq"), ("commit", 7, False)], (
        "Skill missing: an InvalidOrder goes to dead_letter(producer, settings['dlq'], ...), "
        "then is committed: it would block its partition for ever"
    )


def test_skill_a_failing_handler_commits_nothing(monkeypatch):
    rec = Recorder()

    def broken(*args):
        raise RuntimeError("database down")

    monkeypatch.setattr(store, "handle", broken)
    with pytest.raises(RuntimeError):
        worker.process(rec, None, None, Message(orders.encode(ORDER)), SETTINGS)
    assert rec.events == [], "Skill missing: an error in the handler must not be committed"


@pytest.fixture
def db(tmp_path):
    conn = store.connect(tmp_path / "orders.sqlite3")
    yield conn
    conn.close()


def test_skill_the_handler_applies_an_order_once_however_often_it_comes(db):
    assert store.handle(db, ORDER, 0, 5) is True
    assert store.reserved(db, "book-42") == 3
    assert store.handle(db, ORDER, 0, 5) is False, (
        "Skill missing: a duplicate delivery is recognised by its order id (processed table)"
    )
    assert store.handle(db, dict(ORDER), 1, 9) is False
    assert store.reserved(db, "book-42") == 3, (
        "Skill missing: an idempotent handler: a duplicate delivery changes no stock"
    )
    assert dict(store.order_status(db, ORDER["id"]))["deliveries"] == 3
    other = {**ORDER, "id": "b" * 32, "quantity": 2}
    assert store.handle(db, other, 0, 6) is True and store.reserved(db, "book-42") == 5


def test_skill_the_mark_and_the_effect_are_one_transaction(db):
    # time.sleep(-1) raises inside the handler's transaction: as a crash there would, it must
    # leave neither the mark nor the effect, so the redelivered order is applied then.
    with pytest.raises(ValueError):
        store.handle(db, ORDER, 0, 5, seconds=-1)
    assert store.order_status(db, ORDER["id"]) is None and store.reserved(db, "book-42") == 0, (
        "Skill missing: the processed mark and the stock update in one transaction (with db:)"
    )
    assert store.handle(db, ORDER, 0, 5) is True and store.reserved(db, "book-42") == 3
