import logging
import re
import time

import pytest
from app import LOG_FORMAT


def wsgi_handler():
    """The handler that dictConfig put on the root logger (it is named "wsgi")."""
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "wsgi"]
    return handler


# --- Level and format ---------------------------------------------------------------------------


def test_the_level_is_info(app):
    assert app.logger.getEffectiveLevel() == logging.INFO
    assert app.logger.isEnabledFor(logging.INFO)
    assert not app.logger.isEnabledFor(logging.DEBUG)


def test_debug_messages_are_dropped(client, app_records):
    client.get("/")
    assert [r for r in app_records() if r.levelno == logging.DEBUG] == []


def test_the_format_is_applied_by_the_handler(app):
    handler = wsgi_handler()
    assert handler.formatter._fmt == LOG_FORMAT

    record = app.logger.makeRecord(
        app.logger.name, logging.WARNING, "app.py", 1, "Hi %s", ("Ada",), None
    )
    line = handler.format(record)

    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING \[app\] Hi Ada", line)


def test_flask_added_no_handler_of_its_own(app):
    # dictConfig ran before Flask(...) so the app logger just passes records up to the root.
    assert app.logger.handlers == []
    assert app.logger.propagate


# --- One line per request -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/divide/6/3", 200),
        ("GET", "/divide/1/0", 400),
        ("POST", "/", 405),  # only GET is allowed
        ("GET", "/nowhere", 404),
    ],
    ids=["home", "divide", "caught-error", "wrong-method", "unknown-url"],
)
def test_one_info_line_per_request_with_its_real_status(client, app_records, method, path, status):
    client.open(path, method=method)

    lines = [r for r in app_records() if r.getMessage().startswith(f"{method} {path} ")]
    assert [r.levelname for r in lines] == ["INFO"]
    assert re.fullmatch(rf"{method} {re.escape(path)} {status} \d+\.\dms", lines[0].getMessage())


def test_each_request_gets_its_own_line(client, app_records):
    client.get("/")
    client.get("/divide/6/3")

    lines = [r.getMessage() for r in app_records() if r.getMessage().startswith("GET ")]
    assert [line.rsplit(" ", 1)[0] for line in lines] == ["GET / 200", "GET /divide/6/3 200"]


def test_a_slow_request_is_logged_in_milliseconds(client, app_records, monkeypatch):
    # A fake clock: the request starts at 1.0 s and ends at 3.25 s, so it took 2250.0 ms.
    ticks = iter([1.0, 3.25])
    monkeypatch.setattr(time, "perf_counter", lambda: next(ticks, 3.25))

    client.get("/")

    assert [r.getMessage() for r in app_records()] == ["GET / 200 2250.0ms"]


def test_the_request_line_goes_through_the_app_format(client, app_records):
    client.get("/")
    [record] = app_records()
    assert re.fullmatch(r".+ INFO \[app\] GET / 200 \d+\.\dms", wsgi_handler().format(record))


# --- Errors with their traceback ----------------------------------------------------------------


def test_a_caught_error_is_logged_with_its_traceback(client, app_records):
    response = client.get("/divide/1/0")

    assert response.status_code == 400
    assert response.get_json() == {"error": "b must not be 0"}
    [error] = [r for r in app_records() if r.levelno == logging.ERROR]
    assert error.getMessage() == "Division failed: a=1 b=0"
    assert error.exc_info[0] is ZeroDivisionError

    text = wsgi_handler().format(error)
    assert " ERROR [app] Division failed: a=1 b=0\nTraceback (most recent call last):" in text
    assert "result = a / b" in text
    assert text.endswith("ZeroDivisionError: division by zero")


def test_an_unhandled_error_is_logged_by_flask_with_its_traceback(client, app_records):
    response = client.get("/crash")

    assert response.status_code == 500
    assert b"an unexpected bug" not in response.data
    [error] = [r for r in app_records() if r.levelno == logging.ERROR]
    assert error.getMessage() == "Exception on /crash [GET]"
    assert error.exc_info[0] is RuntimeError
    assert "RuntimeError: an unexpected bug" in wsgi_handler().format(error)
    # after_request still runs for the 500 answer, so the request line is there too
    assert any(re.fullmatch(r"GET /crash 500 \d+\.\dms", r.getMessage()) for r in app_records())


def test_a_successful_division_logs_info_and_no_error(client, app_records):
    assert client.get("/divide/6/3").get_json() == {"result": 2.0}
    records = app_records()
    assert "Divided 6 by 3" in [r.getMessage() for r in records]
    assert all(r.exc_info is None for r in records)


# <int:> would take them (int("٦") == 6): /divide/٦/٣ would answer 2.0. <id:> takes ASCII digits.
@pytest.mark.parametrize(
    "url",
    ["/divide/٦/٣", "/divide/６/３", "/divide/6/𝟑"],
    ids=["arabic-indic", "fullwidth", "math"],
)
def test_non_ascii_digits_match_no_route(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("a", "b"), [("1" + "0" * 400, "1"), ("9" * 4000, "7")], ids=["400-digits", "4000-digits"]
)
def test_a_result_too_large_for_a_float_is_a_400_and_a_warning(client, app_records, a, b):
    # a / b is a float, and a float stops near 1.8e308: beyond, Python raises OverflowError.
    response = client.get(f"/divide/{a}/{b}")

    assert response.status_code == 400
    assert response.get_json() == {"error": "the result is too large"}
    warnings = [r.getMessage() for r in app_records() if r.levelno == logging.WARNING]
    assert warnings == [f"Division overflow: a has {len(a)} digits, b has {len(b)}"]
