"""The Kafka-protocol brokers of shared/services/kafka.py: real ones, reached from other
processes, a topic per test, KAFKA_BOOTSTRAP_SERVERS honoured, and Tansu restarted."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from shared.services import kafka, serve
from shared.testing import HOST, free_port, running

ROOT = Path(__file__).resolve().parents[2]
PRODUCER = """\
import sys
from confluent_kafka import Producer

bootstrap, topic, *values = sys.argv[1:]
producer = Producer({"bootstrap.servers": bootstrap})
for value in values:
    producer.produce(topic, value.encode(), partition=0)
sys.exit(producer.flush(15))  # 0: every message delivered
"""


def produce_from_another_process(bootstrap: str, topic: str, *values: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PRODUCER, bootstrap, topic, *values],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@contextlib.contextmanager
def consumer(bootstrap: str, topic: str, group: str, **settings):
    """A consumer in `group`, subscribed to `topic`, committing only by hand."""
    client = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "enable.auto.commit": False, **settings,
    })  # fmt: skip
    client.subscribe([topic])
    try:
        yield client
    finally:
        client.close()


def next_message(client: Consumer, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = client.poll(0.2)
        if message is not None:
            assert message.error() is None, message.error()
            return message
    raise AssertionError(f"no message within {timeout:.0f} s")


def committed(client: Consumer, message) -> int:
    [partition] = client.committed([TopicPartition(message.topic(), message.partition())], 10)
    return partition.offset


def listens(bootstrap: str) -> bool:
    host, port = bootstrap.rsplit(":", 1)
    with contextlib.suppress(OSError), socket.create_connection((host, int(port)), timeout=1):
        return True
    return False


def test_a_message_from_another_process_reaches_a_consumer_group(kafka_bootstrap, kafka_topic):
    produce_from_another_process(kafka_bootstrap, kafka_topic, "hello")
    with consumer(kafka_bootstrap, kafka_topic, f"{kafka_topic}-group") as client:
        message = next_message(client)
        assert message.value() == b"hello"
        client.commit(message, asynchronous=False)
        assert committed(client, message) == message.offset() + 1


TOPICS: list[str] = []


@pytest.mark.parametrize("step", [1, 2])
def test_each_test_gets_its_own_empty_topic(kafka_bootstrap, kafka_topic, step):
    metadata = Producer({"bootstrap.servers": kafka_bootstrap}).list_topics(kafka_topic, 10)
    partitions = metadata.topics[kafka_topic].partitions
    assert partitions
    client = Consumer({"bootstrap.servers": kafka_bootstrap, "group.id": "watermarks"})
    try:
        for p in partitions:
            low, high = client.get_watermark_offsets(TopicPartition(kafka_topic, p), timeout=10)
            assert high == low  # nothing in it: the other step wrote to a topic of its own
    finally:
        client.close()
    produce_from_another_process(kafka_bootstrap, kafka_topic, f"step {step}")
    assert kafka_topic not in TOPICS
    TOPICS.append(kafka_topic)


@pytest.fixture
def outside_broker(kafka_bootstrap, monkeypatch):
    """KAFKA_BOOTSTRAP_SERVERS names a broker that is already running (here the session's)."""
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)

    def no_second_broker(*args, **kwargs):
        raise AssertionError("a second broker was started")

    monkeypatch.setattr(kafka, "mock_cluster", no_second_broker)
    return kafka_bootstrap


def test_kafka_bootstrap_servers_wins_over_an_embedded_broker(outside_broker):
    with kafka.kafka_server() as bootstrap:
        assert bootstrap == outside_broker
        topic = kafka.create_topic(bootstrap, prefix="outside")
    metadata = Producer({"bootstrap.servers": outside_broker}).list_topics(timeout=10)
    assert topic in metadata.topics  # made on the broker the variable names
    with contextlib.ExitStack() as stack:
        assert serve.provide(["kafka"], stack) == {}  # serve exports nothing of its own


def test_serve_exports_an_embedded_broker_and_stops_it(monkeypatch, capsys):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    with contextlib.ExitStack() as stack:
        env = serve.provide(["kafka"], stack)
        bootstrap = env["KAFKA_BOOTSTRAP_SERVERS"]
        assert bootstrap.startswith(f"{HOST}:") and listens(bootstrap)
        assert "mock cluster" in capsys.readouterr().out
    assert not listens(bootstrap)  # stopped by PID with the rest


def test_confluent_kafka_is_imported_only_when_a_broker_is_asked_for():
    code = (
        "import sys, shared.services.kafka, shared.services.plugin, shared.services.serve\n"
        "assert 'confluent_kafka' not in sys.modules, 'imported too early'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_a_restarted_tansu_with_memory_storage_starts_empty():
    port = free_port()
    with kafka.tansu(port) as bootstrap:
        topic = kafka.create_topic(bootstrap)
        produce_from_another_process(bootstrap, topic, "lost on restart")
        assert kafka.delete_topic(bootstrap, kafka.create_topic(bootstrap))  # Tansu deletes
    with kafka.tansu(port) as bootstrap:
        metadata = Producer({"bootstrap.servers": bootstrap}).list_topics(timeout=10)
        assert topic not in metadata.topics


@pytest.fixture
def s3_server():
    """An S3 API on loopback (moto's server) with a bucket `tansu`: storage that outlives Tansu."""
    moto_server = Path(sys.executable).parent / "moto_server"
    if not moto_server.exists():
        pytest.skip("needs moto_server: add moto[server] to the venv's dependency group")
    port = free_port()
    with running([str(moto_server), "-H", HOST, "-p", str(port)], port=port):
        endpoint = f"http://{HOST}:{port}"
        bucket = urllib.request.Request(f"{endpoint}/tansu", method="PUT")
        urllib.request.urlopen(bucket, timeout=10).close()
        yield {
            "AWS_ENDPOINT": endpoint, "AWS_ALLOW_HTTP": "true", "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        }  # fmt: skip


def test_a_restarted_tansu_resumes_a_consumer_group_from_its_committed_offset(s3_server):
    port, group = free_port(), "resume"
    with kafka.tansu(port, storage="s3://tansu/", env=s3_server) as bootstrap:
        topic = kafka.create_topic(bootstrap)
        produce_from_another_process(bootstrap, topic, "one", "two", "three")
        with consumer(bootstrap, topic, group, **kafka.TANSU_CONSUMER) as client:
            message = next_message(client)
            assert message.value() == b"one"
            client.commit(message, asynchronous=False)
    with (
        kafka.tansu(port, storage="s3://tansu/", env=s3_server) as bootstrap,  # restarted
        consumer(bootstrap, topic, group, **kafka.TANSU_CONSUMER) as client,
    ):
        message = next_message(client)
        assert message.value() == b"two"  # not "one" again: the commit outlived the broker
        assert committed(client, message) == 1
