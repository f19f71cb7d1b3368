"""Skill checks: logging is configured by dictConfig, timed by request hooks, errors by exception.

basicConfig, a handler added by hand, a log line written in each view, or the traceback pasted
into the message give log lines that look alike. The logging tree itself (handlers, formatter,
stream), Flask's registry of request hooks and the records' own fields tell them apart.
"""

import ast
import inspect
import logging
import re
import time

import app as app_module
from flask.logging import wsgi_errors_stream


def dictconfig_calls():
    """The dictConfig(...) calls at the top level of app.py, as AST nodes."""
    tree = ast.parse(inspect.getsource(app_module))
    return [
        node.value
        for node in tree.body
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", getattr(node.value.func, "attr", "")) == "dictConfig"
    ]


def constant(call, key):
    """The constant value of `key` in the dict given to dictConfig, or "missing"."""
    for node in ast.walk(call):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == key and isinstance(v, ast.Constant):
                    return v.value
    return "missing"


# Region 1: dictConfig


def test_skill_logging_is_configured_with_dictconfig():
    calls = dictconfig_calls()
    assert len(calls) == 1, (
        "Skill missing: configure logging with logging.config.dictConfig({...}) at the top of "
        "app.py, before Flask(__name__); basicConfig or handlers added by hand do not count here"
    )
    assert constant(calls[0], "version") == 1, "Skill missing: dictConfig needs 'version': 1"
    assert constant(calls[0], "disable_existing_loggers") is False, (
        "Skill missing: 'disable_existing_loggers': False, or dictConfig silences the loggers "
        "that already exist (werkzeug's, a library's)"
    )


def test_skill_the_root_logger_has_the_wsgi_handler_at_info():
    root = logging.getLogger()
    handlers = [h for h in root.handlers if h.get_name() == "wsgi"]
    assert len(handlers) == 1, "Skill missing: one handler named 'wsgi' on the root logger"
    [handler] = handlers
    assert type(handler) is logging.StreamHandler
    assert handler.stream is wsgi_errors_stream, (
        "Skill missing: the 'wsgi' handler writes to "
        "'stream': 'ext://flask.logging.wsgi_errors_stream' (the server's error stream)"
    )
    assert handler.formatter._fmt == app_module.LOG_FORMAT
    assert handler.level == logging.NOTSET
    assert root.level == logging.INFO, "Skill missing: 'root': {'level': 'INFO', ...}"


# Region 2: one line per request, from request hooks


def test_skill_the_request_line_comes_from_before_and_after_request_hooks(app):
    before = app.before_request_funcs.get(None, [])
    after = app.after_request_funcs.get(None, [])
    assert len(before) == 1 and len(after) == 1, (
        "Skill missing: start a timer in an @app.before_request function and log the line in "
        "an @app.after_request function (it gets the response, so its status)"
    )


def test_the_duration_is_measured_with_perf_counter(client, app_records, monkeypatch):
    ticks = iter([100.0, 100.0125])
    monkeypatch.setattr(time, "perf_counter", lambda: next(ticks, 100.0125))

    client.get("/divide/6/3")

    lines = [r.getMessage() for r in app_records() if r.getMessage().startswith("GET ")]
    assert lines == ["GET /divide/6/3 200 12.5ms"], (
        "Skill missing: g.start = time.perf_counter() in before_request, then "
        "(time.perf_counter() - g.start) * 1000 logged with '%.1fms'"
    )
    [record] = [r for r in app_records() if r.getMessage() == lines[0]]
    assert (record.levelno, record.funcName) == (logging.INFO, "log_request")


def test_a_404_and_a_405_are_timed_and_logged_too(client, app_records, monkeypatch):
    ticks = iter([5.0, 5.002, 7.0, 7.0])
    monkeypatch.setattr(time, "perf_counter", lambda: next(ticks, 7.0))

    client.get("/nowhere")
    client.post("/")

    lines = [r.getMessage() for r in app_records()]
    assert lines == ["GET /nowhere 404 2.0ms", "POST / 405 0.0ms"]


# Region 3: the error, with its traceback


def test_skill_the_caught_error_is_logged_by_app_logger_exception(client, app_records):
    client.get("/divide/7/0")

    errors = [r for r in app_records() if r.levelno >= logging.WARNING]
    assert [(r.levelname, r.getMessage()) for r in errors] == [
        ("ERROR", "Division failed: a=7 b=0")
    ], "Skill missing: app.logger.exception('Division failed: a=%s b=%s', a, b) in the except"
    [error] = errors
    assert error.exc_info and error.exc_info[0] is ZeroDivisionError, (
        "Skill missing: log the error WITH its traceback: app.logger.exception(...) inside the "
        "except block (a traceback pasted into the message does not count here)"
    )
    assert (error.funcName, error.args) == ("divide", (7, 0)), (
        "Skill missing: let the logger format the message, "
        "app.logger.exception('Division failed: a=%s b=%s', a, b), not an f-string"
    )
    assert "Traceback" not in error.getMessage()
    assert re.search(r"ZeroDivisionError: division by zero$", logging.Formatter().format(error))
