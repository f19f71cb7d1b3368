"""Skill checks: the logs are written by python-json-logger's formatter, which redacts, from an
after_request hook, an error handler that logs the traceback, and gunicorn's own dictConfig.

Shortcuts fail here: print() or an f-string "JSON" (no JsonFormatter on app.logger), redacting
only the Authorization header, a handler that answers 500 without logging, gunicorn's plain text.
"""

import json
import logging
import runpy
from pathlib import Path

import logs as logs_module
from gunicorn.config import Config
from pythonjsonlogger.json import JsonFormatter

HERE = Path(__file__).resolve().parents[1]


def format_record(app, msg="hello", **extra):
    record = logging.LogRecord("app", logging.INFO, __file__, 1, msg, (), None)
    record.__dict__.update(extra)
    return json.loads(app.logger.handlers[0].formatter.format(record))


def test_skill_app_logger_writes_through_a_json_formatter(app):
    # (pytest's own LogCaptureHandlers left aside)
    handlers = [h for h in app.logger.handlers if type(h).__name__ != "LogCaptureHandler"]
    assert len(handlers) == 1 and isinstance(handlers[0].formatter, JsonFormatter), (
        "Skill missing: give app.logger one handler whose formatter is a "
        "pythonjsonlogger.json.JsonFormatter"
    )
    line = format_record(app)
    assert {"timestamp", "level", "logger", "message"} <= set(line), (
        "Skill missing: JsonFormatter('{levelname}{name}{message}', style='{', timestamp=True, "
        "rename_fields={'levelname': 'level', 'name': 'logger'})"
    )
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "app", "hello")
    assert not app.logger.propagate, "Skill missing: app.logger.propagate = False (one line)"


def test_skill_the_formatter_redacts_secrets_at_any_depth(app):
    line = format_record(
        app,
        headers={"Authorization": "Bearer x1", "Cookie": "session=x2", "Accept": "*/*"},
        query={"access_token": ["x3"], "page": ["2"]},
        body={"user": {"password": "x4", "Api-Key": "x5"}, "items": [{"secret": "x6"}]},
    )
    text = json.dumps(line)
    leaked = [s for s in ("x1", "x2", "x3", "x4", "x5", "x6") if s in text]
    assert not leaked, (
        "Skill missing: JsonFormatter.process_log_record must return redact(log_data), which "
        f"replaces every secret-looking key's value; leaked: {leaked}"
    )
    assert line["headers"]["Accept"] == "*/*" and line["query"]["page"] == ["2"]


def test_skill_every_request_is_logged_by_an_after_request_hook(app, client, request_line):
    assert logs_module.log_request in app.after_request_funcs[None], (
        "Skill missing: app.after_request(log_request) in logs.init_app"
    )
    client.get("/api/me?page=2")
    line = request_line()
    fields = {"timestamp", "level", "request_id", "method", "path", "status", "duration_ms", "user"}
    assert fields <= set(line), f"Skill missing: log_request logs {sorted(fields)}"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/me", 401), (
        "Skill missing: log the request's method, path and the response's status"
    )
    assert line["query"] == {"page": ["2"]} and isinstance(line["duration_ms"], float)


def test_skill_unhandled_exceptions_are_logged_with_their_traceback(app, client, logs):
    from app import server_error

    assert app.error_handler_spec[None][None][Exception] is server_error
    assert client.get("/api/boom").status_code == 500
    errors = [line for line in logs() if line["level"] == "ERROR"]
    assert len(errors) == 1, (
        "Skill missing: current_app.logger.exception(...) in the 500 handler: one ERROR line"
    )
    assert (
        "Traceback" in errors[0].get("exc_info", "") and "RuntimeError" in errors[0]["exc_info"]
    ), "Skill missing: log with logger.exception() so exc_info holds the traceback"


def test_skill_gunicorn_logs_through_the_same_formatter():
    config = Config()
    for name, value in runpy.run_path(str(HERE / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    formatters = config.logconfig_dict.get("formatters", {})
    assert any(f.get("()") == "logs.JsonFormatter" for f in formatters.values()), (
        "Skill missing: logconfig_dict with a formatter {'()': 'logs.JsonFormatter', ...}"
    )
    error = config.logconfig_dict["loggers"]["gunicorn.error"]
    handler = config.logconfig_dict["handlers"][error["handlers"][0]]
    assert formatters[handler["formatter"]]["()"] == "logs.JsonFormatter", (
        "Skill missing: the gunicorn.error logger's handler uses the JSON formatter"
    )
