"""nginx.conf and gunicorn.conf.py, read as their programs read them: nginx's own `-t` on the
file as `switch.py up` writes it, a small parse of its blocks, and gunicorn's own Config."""

import re
import runpy
import subprocess
from pathlib import Path

import pytest
import switch
from gunicorn.config import Config

HERE = Path(__file__).resolve().parents[1]  # the example folder
_TOKEN = re.compile(r"'[^']*'|\"[^\"]*\"|#[^\n]*|[{};]|[^\s{};'\"#]+")


def parse_nginx(text):
    """[(name, [args], children or None)]: nginx's syntax, comments dropped."""
    stack, words = [[]], []
    for token in _TOKEN.findall(text):
        if token.startswith("#"):
            continue
        if token == ";":
            stack[-1].append((words[0], words[1:], None))
            words = []
        elif token == "{":
            stack[-1].append((words[0], words[1:], []))
            stack.append(stack[-1][-1][2])
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token)
    return stack[0]


def block(directives, name, *args):
    return next(c for n, a, c in directives if n == name and a == list(args) and c is not None)


def values(directives, name):
    return [args for n, args, children in directives if n == name and children is None]


@pytest.fixture(scope="module")
def http():
    return block(parse_nginx((HERE / "nginx.conf").read_text(encoding="utf-8")), "http")


def test_the_upstream_is_only_the_file_switch_py_replaces(http):
    assert block(http, "upstream", "app") == [("include", ["upstream.conf"], None)]


def test_nginx_never_retries_a_request_on_another_server(http):
    location = block(block(http, "server"), "location", "/")
    assert values(location, "proxy_pass") == [["http://app"]]
    assert values(location, "proxy_next_upstream") == [["off"]]


def test_nginx_accepts_the_config_up_writes(tmp_path):
    binary = switch.nginx_binary()
    if binary is None:
        pytest.skip(f"nginx not installed: {switch.NGINX_INSTALL}")
    (tmp_path / "nginx.conf").write_text(switch._local_nginx_conf(18080))
    (tmp_path / "upstream.conf").write_text("server 127.0.0.1:18001;  # blue 1.0\n")
    done = subprocess.run(
        switch.nginx_command(tmp_path, binary, "-t"), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "listen 127.0.0.1:18080;" in (tmp_path / "nginx.conf").read_text()


def test_each_color_is_one_gunicorn_process_with_threads():
    """One worker: the in-flight count the drain reads is then the whole color's."""
    config = Config()
    for name, value in runpy.run_path(str(HERE / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    assert (config.workers, config.worker_class_str, config.threads) == (1, "gthread", 8)
    assert config.graceful_timeout == 10
