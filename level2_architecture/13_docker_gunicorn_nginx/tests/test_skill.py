"""Skill checks: each region is written with the skill, not only with the right behaviour.

gunicorn's own `Config` reads gunicorn.conf.py as gunicorn does; nginx.conf and the Dockerfile
are parsed into their directives. Shortcuts fail here: `workers = 1`, a bind on 127.0.0.1 only, a
`location /` that proxies without forwarding Host and the client's address, a hand-read
X-Forwarded-For instead of ProxyFix, a one-stage image, root, a shell-form CMD.
"""

import multiprocessing
import re
import runpy
from pathlib import Path

import pytest
from app import create_app
from gunicorn.config import Config
from werkzeug.middleware.proxy_fix import ProxyFix

HERE = Path(__file__).resolve().parents[1]  # the example folder
VARIABLES = ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_LOGLEVEL", "FORWARDED_ALLOW_IPS")


# --- gunicorn.conf.py, read by gunicorn's Config --------------------------------------------------


@pytest.fixture
def gunicorn_config(monkeypatch):
    """gunicorn.conf.py loaded as gunicorn's Application.load_config_from_file does it."""

    def load(cpus=4, **env):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(multiprocessing, "cpu_count", lambda: cpus)
        config = Config()
        for name, value in runpy.run_path(str(HERE / "gunicorn.conf.py")).items():
            if name in config.settings:
                config.set(name, value)  # gunicorn's own validation: workers must be an int
        return config

    return load


def test_skill_gunicorn_binds_every_interface_from_the_environment(gunicorn_config):
    assert gunicorn_config().bind == ["0.0.0.0:8000"], (
        "Skill missing: bind = os.environ.get('GUNICORN_BIND', '0.0.0.0:8000'); 127.0.0.1 is not "
        "reachable from outside the container"
    )
    assert gunicorn_config(GUNICORN_BIND="127.0.0.1:5000").bind == ["127.0.0.1:5000"], (
        "Skill missing: read the bind address from $GUNICORN_BIND"
    )


@pytest.mark.parametrize(("cpus", "workers"), [(1, 3), (3, 7), (4, 8), (64, 8)])
def test_skill_gunicorn_workers_are_2_x_cores_plus_1_capped_at_8(gunicorn_config, cpus, workers):
    assert gunicorn_config(cpus=cpus).workers == workers, (
        "Skill missing: workers = min(2 * multiprocessing.cpu_count() + 1, 8) by default; "
        "gunicorn's default is one worker"
    )


def test_skill_gunicorn_workers_come_from_the_environment(gunicorn_config):
    assert gunicorn_config(GUNICORN_WORKERS="3").workers == 3, (
        "Skill missing: workers = int($GUNICORN_WORKERS) when it is set"
    )


def test_skill_gunicorn_logs_to_stdout_and_stderr_with_timeouts(gunicorn_config):
    config = gunicorn_config()
    assert (config.accesslog, config.errorlog) == ("-", "-"), (
        "Skill missing: accesslog = '-' and errorlog = '-', where `docker logs` reads them"
    )
    assert (config.timeout, config.graceful_timeout, config.keepalive) == (30, 30, 5)


# --- nginx.conf, parsed into its blocks -----------------------------------------------------------


def parse_nginx(text):
    """[(name, [args], children or None)]: a small parse of nginx's syntax, enough here."""
    tokens = re.findall(r"[{};]|[^\s{};]+", re.sub(r"#[^\n]*", "", text))
    stack, words = [[]], []
    for token in tokens:
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


def test_skill_nginx_has_an_upstream_for_gunicorn(http):
    upstream = block(http, "upstream", "flask_app")
    assert upstream is not None and values(upstream, "server") == [["app:8000"]], (
        "Skill missing: upstream flask_app { server app:8000; } in the http block"
    )


def test_skill_nginx_serves_static_itself_with_alias_and_expires(server):
    static = block(server, "location", "/static/")
    assert static is not None, "Skill missing: a location /static/ { ... } block"
    assert values(static, "alias") == [["/app/static/"]] and values(static, "expires") == [
        ["7d"]
    ], "Skill missing: alias /app/static/; and expires 7d; inside location /static/"
    assert not values(static, "proxy_pass"), "Skill missing: nginx serves /static/ itself"


def test_skill_nginx_proxies_and_forwards_the_client(server):
    root = block(server, "location", "/")
    assert root is not None and values(root, "proxy_pass") == [["http://flask_app"]], (
        "Skill missing: location / { proxy_pass http://flask_app; }"
    )
    headers = {args[0].lower(): args[1:] for args in values(root, "proxy_set_header")}
    expected = {
        "host": ["$host"],
        "x-forwarded-for": ["$proxy_add_x_forwarded_for"],
        "x-forwarded-proto": ["$scheme"],
        "x-forwarded-host": ["$http_host"],
        "x-real-ip": ["$remote_addr"],
    }
    assert headers == expected, (
        "Skill missing: proxy_set_header Host $host, X-Real-IP $remote_addr, X-Forwarded-For "
        "$proxy_add_x_forwarded_for, X-Forwarded-Proto $scheme, X-Forwarded-Host $http_host"
    )


# --- ProxyFix -------------------------------------------------------------------------------------


def test_skill_proxyfix_wraps_the_wsgi_app_trusting_one_proxy():
    wsgi = create_app({"TESTING": True}).wsgi_app
    assert isinstance(wsgi, ProxyFix), (
        "Skill missing: app.wsgi_app = ProxyFix(app.wsgi_app, ...); reading X-Forwarded-For by "
        "hand does not count"
    )
    trusted = (wsgi.x_for, wsgi.x_proto, wsgi.x_host, wsgi.x_port, wsgi.x_prefix)
    assert trusted == (1, 1, 1, 0, 0), (
        "Skill missing: ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1): one proxy, and "
        "only the headers nginx sets"
    )
    assert not isinstance(wsgi.app, ProxyFix), "Skill missing: wrap app.wsgi_app once"


# --- Dockerfile, parsed into its instructions -----------------------------------------------------


def dockerfile_stages():
    """{stage name: (base image, [(INSTRUCTION, arguments)])}; comments dropped, `\\` joined."""
    text = re.sub(r"\\\n", " ", (HERE / "Dockerfile").read_text(encoding="utf-8"))
    stages = {}
    for line in text.splitlines():
        name, _, args = line.strip().partition(" ")
        if not name or name.startswith("#"):
            continue
        args = " ".join(args.split())
        if name.upper() == "FROM":
            image, _, stage = args.partition(" AS ")
            stages[stage or f"stage{len(stages)}"] = (image, [])
        else:
            list(stages.values())[-1][1].append((name.upper(), args))
    return stages


def args_of(instructions, name):
    return [args for instruction, args in instructions if instruction == name]


def test_skill_dockerfile_builder_stage_builds_wheels():
    stages = dockerfile_stages()
    assert "builder" in stages, "Skill missing: a first stage FROM python:3.12-slim AS builder"
    runs = " ".join(args_of(stages["builder"][1], "RUN"))
    assert re.search(r"pip wheel .*--wheel-dir /wheels -r requirements.txt", runs), (
        "Skill missing: RUN pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt"
    )


def test_skill_dockerfile_runtime_is_a_fresh_slim_image_with_the_wheels_only():
    stages = dockerfile_stages()
    assert list(stages)[-1] == "runtime" and stages["runtime"][0] == "python:3.12-slim", (
        "Skill missing: the last stage is a fresh FROM python:3.12-slim AS runtime, not the builder"
    )
    steps = stages["runtime"][1]
    assert "--from=builder /wheels /wheels" in args_of(steps, "COPY"), (
        "Skill missing: COPY --from=builder /wheels /wheels"
    )
    assert any("pip install" in run and "--no-index" in run for run in args_of(steps, "RUN")), (
        "Skill missing: RUN pip install --no-index /wheels/*.whl: the wheels only, no download"
    )
    assert not any("requirements.txt" in args for _, args in steps), (
        "Skill missing: the runtime stage installs the built wheels, not requirements.txt"
    )


def test_skill_dockerfile_runs_as_user_10001_and_starts_gunicorn_in_exec_form():
    steps = dockerfile_stages()["runtime"][1]
    runs = " ".join(args_of(steps, "RUN"))
    assert "--uid 10001" in runs and "--gid 10001" in runs, (
        "Skill missing: groupadd --gid 10001 app and useradd --uid 10001 --gid app app"
    )
    names = [name for name, _ in steps]
    assert args_of(steps, "USER")[-1:] == ["10001:10001"], "Skill missing: USER 10001:10001"
    assert names.index("USER") < names.index("CMD"), "Skill missing: USER before CMD"
    assert args_of(steps, "CMD") == ['["gunicorn", "-c", "gunicorn.conf.py"]'], (
        'Skill missing: CMD ["gunicorn", "-c", "gunicorn.conf.py"] (exec form: gunicorn is PID 1 '
        "and gets docker stop's SIGTERM; a shell-form CMD gives it to /bin/sh)"
    )
    healthcheck = args_of(steps, "HEALTHCHECK")
    assert len(healthcheck) == 1 and "--interval=30s" in healthcheck[0], (
        "Skill missing: HEALTHCHECK --interval=30s ... --retries=3 CMD ... /healthz"
    )
    assert "--retries=3" in healthcheck[0] and "127.0.0.1:8000/healthz" in healthcheck[0]
