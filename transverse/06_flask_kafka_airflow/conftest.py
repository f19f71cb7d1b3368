import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import store
from app import create_app
from confluent_kafka import Consumer, Producer, TopicPartition

import shared
from shared.testing import free_port, running, stop

EXAMPLE = Path(__file__).resolve().parent
DAGS = EXAMPLE / "dags"
ROOT = (
    Path(shared.__file__).resolve().parents[1]
)  # the repository: `python -m shared...` runs there
_AIRFLOW_HOME = tempfile.mkdtemp(prefix="t6-airflow-")


def pytest_configure(config):
    """Airflow reads its settings when first imported: a home of this session's own, SQLite, no
    example DAGs. Set before any test module imports it."""
    os.environ.update({
        "AIRFLOW_HOME": _AIRFLOW_HOME,
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME}/airflow.db",
    })  # fmt: skip
    # Airflow 3.3's own imports warn about what its dependencies deprecate; not this example's code.
    for ignore in (
        "ignore::DeprecationWarning:fastapi.*",
        "ignore:Using `httpx` with `starlette.testclient`",
        "ignore::DeprecationWarning:airflow.*",
        "ignore::sqlalchemy.exc.SAWarning",
    ):
        config.addinivalue_line("filterwarnings", ignore)


def pytest_unconfigure(config):
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "totals.db"
    store.create(path)
    return path


@pytest.fixture
def app(kafka_bootstrap, kafka_topic, db_path):
    return create_app({
        "TESTING": True, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "KAFKA_TOPIC": kafka_topic,
        "TOTALS_DB": str(db_path),
    })  # fmt: skip


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def on_topic(kafka_bootstrap, kafka_topic):
    """on_topic(): every message on this test's topic, as (partition, offset, key, value)."""

    def read() -> list[tuple]:
        client = Consumer({"bootstrap.servers": kafka_bootstrap, "group.id": "test-reader"})
        try:
            metadata = client.list_topics(kafka_topic, timeout=10).topics[kafka_topic]
            starts, count = [], 0
            for p in sorted(metadata.partitions):
                low, high = client.get_watermark_offsets(TopicPartition(kafka_topic, p), 10)
                starts.append(TopicPartition(kafka_topic, p, low))
                count += high - low
            client.assign(starts)  # every partition at once: one assign() per partition costs 1 s
            found = []
            while len(found) < count:
                message = client.poll(10)
                assert message is not None, f"{count - len(found)} messages not read within 10 s"
                if not message.error():
                    found.append((message.partition(), message.offset(), message.key(),
                                  message.value()))  # fmt: skip
            return sorted(found)
        finally:
            client.close()

    return read


@pytest.fixture
def produce(kafka_bootstrap, kafka_topic):
    """produce(*values): put raw messages on the topic, as another service would."""

    def send(*values: bytes) -> None:
        producer = Producer({"bootstrap.servers": kafka_bootstrap})
        for value in values:
            producer.produce(kafka_topic, value)
        assert producer.flush(15) == 0

    return send


@pytest.fixture
def committed(kafka_bootstrap, kafka_topic):
    """committed(): {partition: offset} the DAG's consumer group has committed (none: absent),
    on this test's topic, or on `bootstrap` and `topic` when given."""

    def read(bootstrap: str = kafka_bootstrap, topic: str = kafka_topic) -> dict[int, int]:
        client = Consumer({"bootstrap.servers": bootstrap, "group.id": "order-totals"})
        try:
            metadata = client.list_topics(topic, timeout=10).topics[topic]
            parts = [TopicPartition(topic, p) for p in sorted(metadata.partitions)]
            return {tp.partition: tp.offset for tp in client.committed(parts, 10) if tp.offset >= 0}
        finally:
            client.close()

    return read


@pytest.fixture
def serve_api(tmp_path):
    """with serve_api(bootstrap, topic) as url: the API under `flask run`, in a process of its
    own on a free 127.0.0.1 port, publishing to that broker and topic."""

    @contextlib.contextmanager
    def serve(bootstrap: str, topic: str, **env: str):
        port = free_port()
        env = {
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "ORDERS_TOPIC": topic,
            "TOTALS_DB": str(tmp_path / f"live-{port}" / "totals.db"), **env,
        }  # fmt: skip
        flask = [sys.executable, "-m", "flask", "--app", "app.py"]
        made = subprocess.run(
            [*flask, "init-db"], cwd=EXAMPLE, env={**os.environ, **env}, capture_output=True,
            text=True, timeout=60,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        with running([*flask, "run", "--port", str(port)], port=port, cwd=EXAMPLE, env=env,
                     timeout=30):  # fmt: skip
            yield f"http://127.0.0.1:{port}"

    return serve


@pytest.fixture
def live_api(serve_api, kafka_bootstrap, kafka_topic):
    """The API, live (serve_api), on this test's broker and topic: its URL."""
    with serve_api(kafka_bootstrap, kafka_topic) as url:
        yield url


@pytest.fixture
def own_broker():
    """A Kafka-protocol broker of this test's own, to kill or hang: (address, its process).

    The mock cluster's process of shared/services, started here so that the test holds its PID
    (even when KAFKA_BOOTSTRAP_SERVERS names a real Kafka: that one is not ours to kill)."""
    proc = subprocess.Popen([sys.executable, "-m", "shared.services.kafka"], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        ready = select.select([proc.stdout], [], [], 15)[0]
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("KAFKA_BOOTSTRAP_SERVERS="), f"no broker address: {line!r}"
        yield line.split("=", 1)[1].strip(), proc
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGCONT)  # a hung one would not hear SIGTERM
        stop(proc)
        proc.stdout.close()


@pytest.fixture(scope="session")
def airflow_db():
    """Airflow's metadata database (SQLite in this session's AIRFLOW_HOME), made once."""
    from airflow.utils import db

    db.initdb()


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(str(DAGS))


@pytest.fixture
def run_dag(airflow_db, dagbag, kafka_bootstrap, kafka_topic, monkeypatch):
    """run_dag(api_url, **env): one run of order_totals, in this process (dag.test()), on this
    test's broker and topic (or what `env` says); returns the run's state and {task_id: state}."""

    def run(api_url: str, **env: str) -> tuple[str, dict[str, str]]:
        env = {"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "ORDERS_TOPIC": kafka_topic,
               "ORDERS_API_URL": api_url, **env}  # fmt: skip
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        dag = dagbag.dags["order_totals"]
        for task in dag.tasks:  # dag.test() would wait out the retries: one try here
            monkeypatch.setattr(task, "retries", 0)
        dagrun = dag.test()
        return str(dagrun.state), {ti.task_id: str(ti.state) for ti in dagrun.get_task_instances()}

    return run


@pytest.fixture
def api_totals():
    def read(url: str) -> dict:
        import requests

        return requests.get(f"{url}/api/totals", timeout=10).json()

    return read


@pytest.fixture
def order():
    return lambda product, quantity: json.dumps({"product": product, "quantity": quantity})


@pytest.fixture(scope="session")
def dag_module():
    """dags/order_totals.py imported as a module, to call its helpers without a DAG run."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("order_totals_dag", DAGS / "order_totals.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
