"""Skill checks: each region is written with the skill, not only with the right behaviour.

gunicorn's own `Config` reads gunicorn.conf.py as gunicorn does; nginx.conf is parsed into its
directives; compose.yaml is read as Compose itself resolves it (`docker-compose config --format
json`, fixture `compose_config`). Shortcuts fail here: sync workers, a graceful timeout longer
than compose waits, an upstream without keepalive, nginx's HTML error pages, `depends_on` as a
plain list (start order only, no waiting), a migration run by the app at start-up.
"""

import json
import re
import runpy
from pathlib import Path

import pytest
from app import create_app
from gunicorn.config import Config
from werkzeug.middleware.proxy_fix import ProxyFix

HERE = Path(__file__).resolve().parents[1]  # the example folder

# --- gunicorn.conf.py, read by gunicorn's Config --------------------------------------------------


@pytest.fixture
def gunicorn_config(monkeypatch):
    """gunicorn.conf.py loaded as gunicorn's Application.load_config_from_file does it."""

    def load(**env):
        for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "FORWARDED_ALLOW_IPS"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        config = Config()
        for name, value in runpy.run_path(str(HERE / "gunicorn.conf.py")).items():
            if name in config.settings:
                config.set(name, value)  # gunicorn's own validation
        return config

    return load


def test_skill_gunicorn_runs_threaded_workers_from_the_environment(gunicorn_config):
    config = gunicorn_config()
    assert (config.worker_class_str, config.threads) == ("gthread", 4), (
        "Skill missing: worker_class = 'gthread' and threads = 4 in gunicorn.conf.py"
    )
    assert config.workers == 2 and gunicorn_config(GUNICORN_WORKERS="3").workers == 3, (
        "Skill missing: workers = int(os.environ.get('GUNICORN_WORKERS', '2'))"
    )


def seconds(duration):
    """Compose's duration ("30s", "1m30s") in seconds."""
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([hms])", duration))


def test_skill_gunicorn_gets_its_graceful_timeout_before_docker_kills_it(
    gunicorn_config, compose_config
):
    graceful = gunicorn_config().graceful_timeout
    grace = seconds(compose_config["services"]["app"].get("stop_grace_period", "10s"))
    assert graceful == 25 and graceful < grace, (
        "Skill missing: graceful_timeout = 25 in gunicorn.conf.py, shorter than the app's "
        f"stop_grace_period ({grace} s): docker stop sends SIGKILL when that runs out"
    )


# --- nginx.conf, parsed into its blocks -----------------------------------------------------------

_TOKEN = re.compile(r"'[^']*'|\"[^\"]*\"|#[^\n]*|[{};]|[^\s{};'\"#]+")


def parse_nginx(text):
    """[(name, [args], children or None)]: a small parse of nginx's syntax, quotes included."""
    stack, words = [[]], []
    for token in _TOKEN.findall(text):
        if token.startswith("#"):
            continue
        if token == ";":
            stack[-1].append((words[0], words[1:], None))
            words = []
        elif token == "{":
            children = []
            stack[-1].append((words[0], words[1:], children))
            stack.append(children)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token)
    return stack[0]


def block(directives, name, *args):
    found = [c for n, a, c in directives if n == name and a == list(args) and c is not None]
    return found[0] if found else None


def values(directives, name):
    return [args for n, args, children in directives if n == name and children is None]


@pytest.fixture(scope="module")
def http():
    return block(parse_nginx((HERE / "nginx.conf").read_text(encoding="utf-8")), "http")


@pytest.fixture(scope="module")
def server(http):
    return block(http, "server")


def test_skill_nginx_keeps_idle_connections_to_gunicorn(http):
    upstream = block(http, "upstream", "flask_app")
    assert upstream is not None and values(upstream, "server") == [["app:8000"]], (
        "Skill missing: upstream flask_app { server app:8000; ... } in the http block"
    )
    assert values(upstream, "keepalive") == [["16"]], (
        "Skill missing: keepalive 16; in the upstream: idle connections nginx keeps open"
    )


def test_skill_nginx_speaks_http_1_1_to_gunicorn(server):
    root = block(server, "location", "/")
    assert root is not None and values(root, "proxy_pass") == [["http://flask_app"]]
    headers = {args[0].lower(): args[1:] for args in values(root, "proxy_set_header")}
    assert values(root, "proxy_http_version") == [["1.1"]] and headers.get("connection") == [
        '""'
    ], (
        'Skill missing: proxy_http_version 1.1; and proxy_set_header Connection ""; in '
        "location /: nginx speaks HTTP/1.0 with Connection: close by default, so keepalive "
        "does nothing"
    )


@pytest.mark.parametrize(
    ("code", "error"),
    [(502, "the app is not answering"), (504, "the app took too long to answer")],
)
def test_skill_nginx_answers_its_own_errors_in_the_apps_json_shape(server, code, error):
    pages = {args[0]: args[-1] for args in values(server, "error_page")}
    target = pages.get(str(code), "")
    named = block(server, "location", target) if target.startswith("@") else None
    assert named is not None, (
        f"Skill missing: error_page {code} @name; and a location @name {{ ... }} in the server"
    )
    (returned,) = values(named, "return") or [[None, None]]
    assert returned[0] == str(code) and values(named, "default_type") == [["application/json"]], (
        f"Skill missing: default_type application/json; return {code} '{{...}}'; in that location"
    )
    body = json.loads(returned[1].strip("'").replace("\\n", ""))
    assert body == {"error": error, "status": code}, (
        f'Skill missing: the body is {{"error":"{error}","status":{code}}}, the app\'s shape'
    )


# --- compose.yaml, as Compose resolves it --------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "command"),
    [
        ("postgres", ["CMD", "pg_isready", "-U", "app", "-d", "app"]),
        ("redis", ["CMD", "redis-cli", "ping"]),
    ],
)
def test_skill_compose_databases_have_healthchecks(compose_config, service, command):
    check = compose_config["services"][service].get("healthcheck", {})
    assert check.get("test") == command, (
        f"Skill missing: a healthcheck for {service}: test: {json.dumps(command)}, with an "
        "interval, a timeout and retries"
    )
    assert {"interval", "timeout", "retries"} <= set(check)


def conditions(compose_config, service):
    depends = compose_config["services"][service].get("depends_on", {})
    return {name: dependency["condition"] for name, dependency in depends.items()}


def test_skill_compose_runs_the_migration_once_before_the_app(compose_config):
    migrate = compose_config["services"].get("migrate")
    assert migrate is not None, "Skill missing: a `migrate` service in compose.yaml"
    assert migrate.get("command") == ["flask", "--app", "app", "init-db"], (
        'Skill missing: command: ["flask", "--app", "app", "init-db"] for migrate'
    )
    assert migrate.get("restart") == "no" and "build" in migrate, (
        'Skill missing: migrate is built from the app\'s image (build: .) with restart: "no": '
        "it runs once and exits"
    )
    assert conditions(compose_config, "migrate") == {"postgres": "service_healthy"}, (
        "Skill missing: migrate depends_on postgres with condition: service_healthy"
    )


def test_skill_compose_starts_the_app_once_everything_it_needs_is_ready(compose_config):
    assert conditions(compose_config, "app") == {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "migrate": "service_completed_successfully",
    }, (
        "Skill missing: the app depends_on postgres and redis (condition: service_healthy) and "
        "migrate (condition: service_completed_successfully); a plain list only orders the start"
    )


def test_skill_compose_starts_nginx_once_the_app_is_healthy(compose_config):
    assert conditions(compose_config, "nginx") == {"app": "service_healthy"}, (
        "Skill missing: nginx depends_on app with condition: service_healthy"
    )


# --- ProxyFix (2.13's skill, kept) ---------------------------------------------------------------


def test_skill_proxyfix_trusts_one_proxy():
    wsgi = create_app({"TESTING": True}).wsgi_app
    assert isinstance(wsgi, ProxyFix), "Skill missing: app.wsgi_app = ProxyFix(app.wsgi_app, ...)"
    trusted = (wsgi.x_for, wsgi.x_proto, wsgi.x_host, wsgi.x_port, wsgi.x_prefix)
    assert trusted == (1, 1, 1, 0, 0), (
        "Skill missing: ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1): nginx only"
    )
