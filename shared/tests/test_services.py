"""The service fixtures start real servers, isolate tests from each other and clean up after."""

from __future__ import annotations

import json
import shlex
import sys
import textwrap
import time
import urllib.request

import psycopg
import pytest
import redis

from shared.services import servers
from shared.testing import free_port

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # platformdirs' XDG notice


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
    servers.drop_database(postgres_server, one)
    with psycopg.connect(postgres_server.url) as conn:
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()}
    assert one.name not in names and two.name in names


def test_a_database_url_in_the_environment_wins(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.example:5432/app")
    with servers.postgres_server() as server:  # nothing is started
        assert server.url == "postgresql://u@db.example:5432/app"


@pytest.mark.parametrize("step", [1, 2])
def test_each_test_sees_an_empty_redis_db(redis_url, step):
    client = redis.Redis.from_url(redis_url)
    assert client.dbsize() == 0  # the other step's key is gone
    client.set(f"key-{step}", "x")
    assert 1 <= client.connection_pool.connection_kwargs["db"] <= 15


def test_two_runs_on_one_redis_get_different_dbs(redis_server):
    assert servers.claim_redis_db(redis_server) != servers.claim_redis_db(redis_server)


def test_gunicorn_serves_an_app_and_is_stopped_by_pid(tmp_path):
    (tmp_path / "hello.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [b'hello from gunicorn']\n"
    )
    with servers.gunicorn("hello:app", cwd=tmp_path) as url:
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"hello from gunicorn"
            assert response.headers["Server"].startswith("gunicorn")
        port = int(url.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_nginx_proxies_to_gunicorn_and_serves_files_itself(nginx, tmp_path):
    (tmp_path / "hello.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
        "    return [environ['PATH_INFO'].encode()]\n"
    )
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.txt").write_text("from disk")
    port = free_port()
    with servers.gunicorn("hello:app", cwd=tmp_path) as upstream:
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
        with servers.nginx_running(config, port=port, binary=nginx):
            base = f"http://127.0.0.1:{port}"
            with urllib.request.urlopen(f"{base}/static/a.txt", timeout=5) as response:
                assert response.read() == b"from disk"
                assert response.headers["Server"].startswith("nginx")
            with urllib.request.urlopen(f"{base}/api/x", timeout=5) as response:
                assert response.read() == b"/api/x"


def test_without_nginx_the_error_gives_the_install_command(monkeypatch):
    monkeypatch.setattr(servers.shutil, "which", lambda name: None)
    monkeypatch.setattr(servers.os, "access", lambda path, mode: False)
    assert servers.nginx_binary() is None
    config, port = "events {}", free_port()
    with pytest.raises(FileNotFoundError, match="apt-get install -y nginx"):
        servers.nginx_running(config, port=port).__enter__()


def test_a_celery_worker_runs_tasks_and_stops_by_pid(tmp_path, redis_url):
    (tmp_path / "tasks.py").write_text(
        "import os\nfrom celery import Celery\n\n"
        "app = Celery('t', broker=os.environ['BROKER'], backend=os.environ['BACKEND'])\n\n"
        "@app.task\ndef add(x, y):\n    return x + y\n"
    )
    env = {"BROKER": redis_url, "BACKEND": redis_url}
    with servers.celery_worker("tasks:app", cwd=tmp_path, env=env) as proc:
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
    with servers.rq_worker(["default"], redis_url=redis_url, cwd=tmp_path):
        for _ in range(100):
            if job.get_status(refresh=True) == "finished":
                break
            time.sleep(0.1)
    assert job.return_value() == 42


def test_serve_starts_the_servers_a_folder_needs_and_exports_them(repo, monkeypatch, capfd):
    from shared.services.serve import serve

    for name in ("DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    folder = repo / "level2_architecture" / "11_caching"
    (folder / "tests").mkdir(parents=True)
    probe = (
        "import os, psycopg, redis; "
        "print('redis', redis.Redis.from_url(os.environ['REDIS_URL']).ping()); "
        "print('broker', os.environ['CELERY_BROKER_URL'] == os.environ['REDIS_URL']); "
        "print('db', psycopg.connect(os.environ['DATABASE_URL']).execute('select 1').fetchone())"
    )
    (folder / "skill.toml").write_text(
        'skill = "Ajouter un cache simple (Flask-Caching)"\ntitle = "t"\n'
        'needs = ["postgres", "redis", "celery"]\n'
        f"serve = [{json.dumps(f'{sys.executable} -c {shlex.quote(probe)}')}]\n",
        encoding="utf-8",
    )
    assert serve("2.11", root=repo) == 0
    out = capfd.readouterr().out
    assert "redis True" in out and "broker True" in out and "db (1,)" in out
    assert "PostgreSQL: embedded" in out and "Redis: embedded" in out
