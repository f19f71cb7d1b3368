import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import store
from app import create_app
from confluent_kafka import Consumer, Producer, TopicPartition

from shared.services import kafka
from shared.services.registry import source
from shared.testing import HOST, free_port, running, stop

EXAMPLE = Path(__file__).resolve().parent
# A killed worker's membership lasts session.timeout.ms (librdkafka's default: 45 s), and the
# partition waits for it (about twice, on the mock cluster). Short, so a restarted worker gets its
# partitions in seconds: 6 s on a real broker (its group.min.session.timeout.ms), 4 s on the mock
# cluster, which holds a new group's first JoinGroup 3 s and must not expire the member meanwhile.
FAST_GROUP = {
    "KAFKA_CONSUMER_SESSION_TIMEOUT_MS": "6000" if source("kafka").value else "4000",
    "KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS": "1000",
    # The mock cluster answers a fetch that found nothing only after fetch.wait.max.ms (500 ms by
    # default), new messages or not; a real broker answers as soon as they come.
    "KAFKA_CONSUMER_FETCH_WAIT_MAX_MS": "100",
}


def wait_for(check, timeout, what):
    """check()'s first true value, polled; the test fails naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.1)
    return value


@pytest.fixture
def waiting():
    return wait_for


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "orders.sqlite3"


@pytest.fixture
def dlq_topic(kafka_bootstrap, kafka_topic):
    """The dead-letter topic that goes with this test's topic (made now: a real broker may not
    create topics on demand)."""
    name = kafka.create_topic(kafka_bootstrap, name=f"{kafka_topic}.dlq")
    yield name
    kafka.delete_topic(kafka_bootstrap, name)


@pytest.fixture
def make_app(kafka_bootstrap, kafka_topic, db_path):
    """make_app(**config): the API on this test's broker, topic and database."""

    def make(**config):
        return create_app({
            "TESTING": True, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "KAFKA_TOPIC": kafka_topic, "ORDERS_DB": str(db_path), **config,
        })  # fmt: skip

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def order():
    """order(customer="alice", sku="book-42", quantity=1): a valid body for POST /api/orders."""

    def make(customer="alice", sku="book-42", quantity=1):
        return {"customer": customer, "sku": sku, "quantity": quantity}

    return make


@pytest.fixture
def messages():
    """messages(bootstrap, topic): every message of the topic, all partitions, oldest first."""

    def read(bootstrap, topic):
        # Short fetches: each partition assigned in turn waits out the fetch before (FAST_GROUP).
        client = Consumer(
            {"bootstrap.servers": bootstrap, "group.id": "test-reader", "fetch.wait.max.ms": 10}
        )
        try:
            found = []
            partitions = client.list_topics(topic, timeout=10).topics[topic].partitions
            for p in sorted(partitions):
                low, high = client.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
                if high == low:
                    continue
                client.assign([TopicPartition(topic, p, low)])
                while (
                    len(found) == 0 or found[-1].offset() < high - 1 or found[-1].partition() != p
                ):
                    message = client.poll(10)
                    assert message is not None, f"{topic}[{p}]: no message within 10 s"
                    if message.error() is None:
                        found.append(message)
            return found
        finally:
            client.close()

    return read


@pytest.fixture
def committed():
    """committed(bootstrap, group, topic): {partition: the group's committed offset}."""

    def offsets(bootstrap, group, topic):
        client = Consumer({"bootstrap.servers": bootstrap, "group.id": group})
        try:
            partitions = client.list_topics(topic, timeout=10).topics[topic].partitions
            asked = [TopicPartition(topic, p) for p in sorted(partitions)]
            return {tp.partition: tp.offset for tp in client.committed(asked, timeout=10)}
        finally:
            client.close()

    return offsets


@pytest.fixture
def committed_total(committed, kafka_topic):
    """committed_total(bootstrap): how many of the topic's messages the workers' group committed."""
    return lambda bootstrap: sum(
        max(offset, 0)
        for offset in committed(bootstrap, f"{kafka_topic}-workers", kafka_topic).values()
    )


@pytest.fixture
def produce_raw():
    """produce_raw(bootstrap, topic, value, key=None): a message no API checked (another
    service's, a hand-typed one), confirmed by the broker."""

    def send(bootstrap, topic, value, key=None):
        producer = Producer({"bootstrap.servers": bootstrap})
        producer.produce(topic, key=key, value=value)
        assert producer.flush(15) == 0, "not delivered"

    return send


class Worker:
    """A worker.py process; its log in `log_path`, read while it runs."""

    def __init__(self, proc, log_path):
        self.proc, self.log_path = proc, log_path

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text, timeout=60):
        def printed():
            assert self.proc.poll() is None or text in self.log(), (
                f"the worker exited ({self.proc.returncode}) before printing {text!r}:\n"
                f"{self.log()}"
            )
            return text in self.log()

        wait_for(printed, timeout, f"worker printing {text!r}")


@pytest.fixture
def start_worker(kafka_bootstrap, kafka_topic, db_path, tmp_path):
    """start_worker(**env): a real worker process on this test's topic, group and database,
    ready once its partitions are assigned; stopped by PID (SIGTERM) at the end of the block."""

    @contextlib.contextmanager
    def start(bootstrap=kafka_bootstrap, **env):
        log_path = Path(tempfile.mkstemp(prefix="worker-", suffix=".log", dir=tmp_path)[1])
        variables = {
            **os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_TOPIC": kafka_topic,
            "KAFKA_GROUP": f"{kafka_topic}-workers", "ORDERS_DB": str(db_path),
            "PYTHONUNBUFFERED": "1", **FAST_GROUP, **env,
        }  # fmt: skip
        with open(log_path, "w") as out:
            proc = subprocess.Popen(
                [sys.executable, str(EXAMPLE / "worker.py")],
                cwd=EXAMPLE, env=variables, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        worker = Worker(proc, log_path)
        try:
            worker.wait_for("assigned")
            yield worker
        finally:
            stop(proc, timeout=15)

    return start


@pytest.fixture
def database(db_path):
    """The worker's database, as the test reads it (a fresh connection each time)."""

    def order(order_id):
        db = store.connect(db_path)
        try:
            row = store.order_status(db, order_id)
            return dict(row) if row else None
        finally:
            db.close()

    def reserved(sku):
        db = store.connect(db_path)
        try:
            return store.reserved(db, sku)
        finally:
            db.close()

    def count():
        db = store.connect(db_path)
        try:
            return db.execute("SELECT count(*) FROM processed").fetchone()[0]
        finally:
            db.close()

    return SimpleNamespace(order=order, reserved=reserved, count=count)


@pytest.fixture
def s3_server():
    """An S3 API on loopback (moto's server) with a bucket `tansu`: storage that outlives Tansu."""
    port = free_port()
    moto_server = Path(sys.executable).parent / "moto_server"
    with running([str(moto_server), "-H", HOST, "-p", str(port)], port=port, timeout=60):
        endpoint = f"http://{HOST}:{port}"
        bucket = urllib.request.Request(f"{endpoint}/tansu", method="PUT")
        urllib.request.urlopen(bucket, timeout=10).close()
        yield {
            "AWS_ENDPOINT": endpoint, "AWS_ALLOW_HTTP": "true", "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        }  # fmt: skip


@pytest.fixture
def tansu(s3_server):
    """tansu(port): Tansu on 127.0.0.1:`port`, its topics and offsets in S3 (moto's server), killed
    (SIGKILL, as in a crash) at the end of the block: only what it had stored survives. (A SIGTERM
    waits up to 5 s for its clients to hang up, and the API's producer stays connected.)"""

    @contextlib.contextmanager
    def broker(port):
        listener = f"tcp://{HOST}:{port}"
        cmd = [
            kafka.tansu_binary(), "broker", "--listener-url", listener,
            "--advertised-listener-url", listener, "--storage-engine", "s3://tansu/",
        ]  # fmt: skip
        with running(cmd, port=port, env=s3_server, timeout=15) as proc:
            yield f"{HOST}:{port}"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    return broker
