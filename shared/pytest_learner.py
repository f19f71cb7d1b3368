"""A pytest plugin for practice runs: when a test fails, show what the Flask test client did.

Loaded by `nox -s watch` (`-p shared.pytest_learner`). For each failing test it adds a section with
the last requests the test made through Flask's test client: method, URL, status, and the start of
the body. Next to pytest's own "expected ... got ..." line, that is what a learner acts on.
"""

from __future__ import annotations

import textwrap

import pytest

BODY_LIMIT = 300
_exchanges: list[str] = []


def _describe(response) -> str:
    request = getattr(response, "request", None)
    method = getattr(request, "method", "?")
    url = request.full_path.rstrip("?") if request is not None else "?"
    body = response.get_data(as_text=True)
    body = body if len(body) <= BODY_LIMIT else body[:BODY_LIMIT] + "…"
    location = f"\n    Location: {response.location}" if response.location else ""
    body = textwrap.indent(body, "    ")
    return f"{method} {url}\n    -> {response.status} ({response.mimetype}){location}\n{body}"


def pytest_configure(config: pytest.Config) -> None:
    try:
        from werkzeug.test import Client
    except ImportError:  # not a Flask example: nothing to record
        return
    original = Client.open

    def open_and_record(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        _exchanges.append(_describe(response))
        return response

    Client.open = open_and_record


def pytest_runtest_setup(item: pytest.Item) -> None:
    _exchanges.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call" and report.failed and _exchanges:
        shown = _exchanges[-3:]
        title = f"the test client's last {len(shown)} request(s), newest last"
        report.sections.append((title, "\n".join(shown)))
    return report
