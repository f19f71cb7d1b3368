"""The service fixtures start real servers, isolate tests from each other and clean up after."""

from __future__ import annotations

import textwrap
import time
import urllib.request

import psycopg
import pytest
import redis

from shared.services import nginx, postgres, redis_db, registry, workers, wsgi
from shared.testing import free_port


@pytest.fixture
def nginx_bin(request):
    """The plugin's `nginx` fixture (the binary, or a skip), under a name that leaves `nginx` to
    the module."""
    return request.getfixturevalue("nginx")


def test_postgres_is_a_real_fresh_database(postgres):
    with psycopg.connect(postgres.url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == postgres.name
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
    assert tables == 0
    assert postgres.name.startswith("flask_skills_")
    assert postgres.sqlalchemy_url.startswith("postgresql+psycopg://")


def test_new_databases_are_distinct_and_dropped_afterwards(postgres_server, new_postgres_database):
    one, two = new_postgres_database(), new_postgres_database()
    assert one.name != two.name
    with psycopg.connect(one.url) as conn:
        conn.execute("CREATE TABLE t (x int)")
    with psycopg.connect(two.url) as conn:
        assert conn.execute("SELECT to_regclass('t')").fetchone()[0] is None
    postgres.drop_database(postgres_server, one)
    with psycopg.connect(postgres_server.url) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()}
    assert one.name not in names and two.name in names


def test_a_database_url_in_the_environment_wins(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.example:5432/app")
    with postgres.postgres_server() as server:  # nothing is started
        assert server.url == "postgresql://u@db.example:5432/app"


@pytest.mark.parametrize("step", [1, 2])
def test_each_test_sees_an_empty_redis_db(redis_url, step):
    client = redis.Redis.from_url(redis_url)
    assert client.dbsize() == 0  # the other step's key is gone
    client.set(f"key-{step}", "x")
    assert 1 <= client.connection_pool.connection_kwargs["db"] <= 15


def test_two_runs_on_one_redis_get_different_dbs(redis_server):
    assert redis_db.claim_redis_db(redis_server) != redis_db.claim_redis_db(redis_server)


def test_gunicorn_serves_an_app_and_is_stopped_by_pid(tmp_path):
    (tmp_path / "hello.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'hello from gunicorn']\n"
    )
    with wsgi.gunicorn("hello:app", cwd=tmp_path) as url:
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"hello from gunicorn"
            assert response.headers["Server"].startswith("gunicorn")
        port = int(url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_nginx_proxies_to_gunicorn_and_serves_files_itself(nginx_bin, tmp_path):
    (tmp_path / "hello.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [environ['PATH_INFO'].encode()]\n"
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.txt").write_text("from disk")
    port = free_port()
    with wsgi.gunicorn("hello:app", cwd=tmp_path) as upstream:
        config = textwrap.dedent(f"""
            events {{}}
            http {{
                access_log off;
                server {{
                    listen 127.0.0.1:{port};
                    location /static/ {{ alias {tmp_path}/static/; }}
                    location / {{ proxy_pass {upstream}; }}
                }}
            }}
        """)
        with nginx.nginx_running(config, port=port, binary=nginx_bin):
            base = f"http://127.0.0.1:{port}"
            with urllib.request.urlopen(f"{base}/static/a.txt", timeout=5) as response:
                assert response.read() == b"from disk"
                assert response.headers["Server"].startswith("nginx")
            with urllib.request.urlopen(f"{base}/api/x", timeout=5) as response:
                assert response.read() == b"/api/x"


def test_without_nginx_the_error_gives_the_install_command(monkeypatch):
    monkeypatch.setattr(nginx.shutil, "which", lambda name: None)
    monkeypatch.setattr(nginx.os, "access", lambda path, mode: False)
    assert nginx.nginx_binary() is None
    config, port = "events {}", free_port()
    with pytest.raises(FileNotFoundError, match="apt-get install -y nginx"):
        nginx.nginx_running(config, port=port).__enter__()


def test_a_celery_worker_runs_tasks_and_stops_by_pid(tmp_path, redis_url):
    (tmp_path / "tasks.py").write_text(
        "import os\nfrom celery import Celery\n\n"
        "app = Celery('t', broker=os.environ['BROKER'], backend=os.environ['BACKEND'])\n\n"
        "@app.task\ndef add(x, y):\n    return x + y\n"
    )
    env = {"BROKER": redis_url, "BACKEND": redis_url}
    with workers.celery_worker("tasks:app", cwd=tmp_path, env=env) as proc:
        from celery import Celery

        client = Celery("t", broker=redis_url, backend=redis_url)
        assert client.send_task("tasks.add", args=(2, 3)).get(timeout=20) == 5
    assert proc.poll() is not None  # stopped
    assert "Task tasks.add" in proc.output and "succeeded" in proc.output


def test_an_rq_worker_runs_jobs(tmp_path, redis_url):
    (tmp_path / "jobs.py").write_text("def double(x):\n    return 2 * x\n")
    from rq import Queue

    queue = Queue("default", connection=redis.Redis.from_url(redis_url))
    job = queue.enqueue("jobs.double", 21)
    with workers.rq_worker(["default"], redis_url=redis_url, cwd=tmp_path):
        for _ in range(100):
            if job.get_status(refresh=True) == "finished":
                break
            time.sleep(0.1)
    assert job.return_value() == 42


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({}, None),
        ({"DATABASE_URL": "postgresql://a@h/db"}, "DATABASE_URL"),
        (
            {"DATABASE_URL": "postgresql://a@h/db", "TEST_DATABASE_URL": "postgresql://t@h/t"},
            "TEST_DATABASE_URL",
        ),
        ({"DATABASE_URL": ""}, None),  # an empty variable names nothing
    ],
)
def test_source_says_whether_a_service_comes_from_the_environment(environ, variable):
    where = registry.source("postgres", environ)
    assert where.variable == variable
    assert where.from_env is (variable is not None)
    assert where.describe().startswith("PostgreSQL: ")
    assert ("from your environment" in where.describe()) is where.from_env


def test_the_fixtures_and_serve_ask_the_same_function(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
    assert registry.source("celery").value == "amqp://guest:guest@127.0.0.1:5672//"
    assert registry.with_requirements(["celery", "rq"]) == ["redis", "celery", "rq"]
    assert registry.unknown(["redis", "kafka-ish"]) == ["kafka-ish"]


def test_an_embedded_redis_with_a_data_folder_keeps_its_keys_across_restarts(tmp_path, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    for expected in (1, 2):
        with redis_db.redis_server(tmp_path / "redis") as url:
            client = redis.Redis.from_url(url + "/0")
            assert client.incr("restarts") == expected
            client.close()
    with redis_db.redis_server() as url:  # no data folder: empty
        assert redis.Redis.from_url(url + "/0").get("restarts") is None


def test_an_embedded_postgres_with_a_data_folder_keeps_its_rows(repo, monkeypatch):
    for name in ("DATABASE_URL", "TEST_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for expected in (1, 2):
        with postgres.postgres_server(repo / ".serve" / "pg") as server:
            database = postgres.create_database(server, name="kept")
            with psycopg.connect(database.url, autocommit=True) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS t (x int)")
                conn.execute("INSERT INTO t VALUES (1)")
                assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == expected
