"""Schemathesis against the app running under gunicorn: it reads the spec, generates requests for
every operation (valid ones and invalid ones), sends them, and checks every answer against the
spec: no 5xx, only documented status codes, bodies and headers that match their schemas, invalid
requests refused, valid ones accepted, and sequences (POST, then GET/PUT/DELETE, then GET) sane."""

import subprocess
import sys

import schemathesis

SPEC = "/api/v1/openapi.json"


def test_the_live_app_serves_a_valid_spec_with_every_operation(live_url):
    schema = schemathesis.openapi.from_url(live_url + SPEC)

    schema.validate()
    assert [result.ok().label for result in schema.get_all_operations()] == [
        "GET /api/v1/books",
        "POST /api/v1/books",
        "GET /api/v1/books/{book_id}",
        "PUT /api/v1/books/{book_id}",
        "DELETE /api/v1/books/{book_id}",
    ]


def test_schemathesis_finds_no_request_that_breaks_the_spec(live_url, tmp_path):
    cmd = [
        sys.executable, "-m", "schemathesis.cli", "run", live_url + SPEC,
        "--checks", "all",  # not only "no 5xx": status codes, schemas, headers, and more
        "--max-examples", "25",  # per operation and phase: bounded, a few seconds in all
        "--seed", "2026",  # the same requests every run; change it to explore further
        "--generation-database", "none",  # leave no .hypothesis/ folder behind
        "--no-color",
    ]  # fmt: skip
    run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "Tested: 5" in report, report  # every operation was really exercised
    assert "No issues found" in report, report
