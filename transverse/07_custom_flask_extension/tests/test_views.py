"""What a user of the extension meets: its page (and the app's own template for it), its CLI, and
the demo app's POST /notes, with hostile bodies."""

import pytest
from flask import Flask
from flask_auditlog import AuditLog


def test_the_page_lists_the_latest_entries_newest_first_escaped(client, auth):
    for text in ["first", "second", "<script>alert(1)</script>"]:
        assert client.post("/notes", json={"text": text}).status_code == 201

    page = client.get("/audit/", headers=auth)

    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "<h1>Audit log</h1>" in page.text  # the extension's own template
    assert page.text.index("&lt;script&gt;") < page.text.index("second") < page.text.index("first")
    assert "<script>" not in page.text


def test_the_page_shows_at_most_page_size_entries(bare_app):
    audit = AuditLog()
    app = bare_app("small", audit, AUDITLOG_PAGE_SIZE=2, AUDITLOG_READ_TOKEN="p" * 16)
    with app.app_context():
        for n in range(5):
            audit.record("n.th", f"entry-{n}")
    page = app.test_client().get("/audit/", headers={"Authorization": "Bearer " + "p" * 16})
    assert [f"entry-{n}" in page.text for n in range(5)] == [False, False, False, True, True]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer wrong-token-0123456789",
        "Basic dGVzdDp0ZXN0",
        "Bearer",
        "Bearer test-read-token-012345678",  # one character short
        "Bearer test-read-token-0123456789x",
        "Bearer tést-read-token-0123456789",  # non-ASCII: compared as bytes, no crash
    ],
)
def test_the_page_refuses_a_missing_or_wrong_token_with_401(client, header):
    headers = {} if header is None else {"Authorization": header.encode().decode("latin-1")}
    response = client.get("/audit/", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_without_a_read_token_there_is_no_page(bare_app):
    app = bare_app("closed", AuditLog())  # AUDITLOG_READ_TOKEN stays None
    assert app.test_client().get("/audit/", headers={"Authorization": "Bearer "}).status_code == 404


def test_an_app_s_own_template_of_the_same_name_wins(tmp_path, bare_app):
    (tmp_path / "templates" / "auditlog").mkdir(parents=True)
    (tmp_path / "templates" / "auditlog" / "index.html").write_text(
        "<p>our own page: {{ entries | length }} entries, {{ entries[0].action }}</p>",
        encoding="utf-8",
    )
    audit = AuditLog()
    app = Flask("branded", template_folder=str(tmp_path / "templates"))
    app.config.update(AUDITLOG_PATH=str(tmp_path / "b.db"), AUDITLOG_READ_TOKEN="o" * 16)
    audit.init_app(app)
    app.test_cli_runner().invoke(args=["audit", "init"])
    with app.app_context():
        audit.record("brand.new")

    page = app.test_client().get("/audit/", headers={"Authorization": "Bearer " + "o" * 16})

    assert page.text == "<p>our own page: 1 entries, brand.new</p>"


# --- the CLI ----------------------------------------------------------------------------------


def test_audit_init_creates_the_folder_the_file_and_the_table(tmp_path, stored):
    path = tmp_path / "new" / "folder" / "audit.db"
    app = Flask("cli", instance_path=str(tmp_path))
    app.config["AUDITLOG_PATH"] = str(path)
    AuditLog().init_app(app)

    first = app.test_cli_runner().invoke(args=["audit", "init"])
    again = app.test_cli_runner().invoke(args=["audit", "init"])  # harmless

    assert (first.exit_code, again.exit_code) == (0, 0), first.output
    assert first.output == f"audit log ready: {path}\n"
    assert stored(path) == []


def test_audit_tail_prints_the_latest_entries_oldest_first(app, runner):
    client = app.test_client()
    for text in ["one", "two", "it's three"]:
        client.post("/notes", json={"text": text})

    result = runner.invoke(args=["audit", "tail", "-n", "2"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("2 ") and lines[0].endswith(" note.created 'two'")
    assert lines[1].startswith("3 ") and lines[1].endswith(' note.created "it\'s three"')


@pytest.mark.parametrize("lines", ["0", "-1", "1001", "ten"])
def test_audit_tail_refuses_a_bad_count(runner, lines):
    result = runner.invoke(args=["audit", "tail", "-n", lines])
    assert result.exit_code == 2 and "Invalid value" in result.output


def test_audit_tail_before_init_says_what_to_run(tmp_path):
    app = Flask("cli", instance_path=str(tmp_path))
    app.config["AUDITLOG_PATH"] = str(tmp_path / "none.db")
    AuditLog().init_app(app)
    result = app.test_cli_runner().invoke(args=["audit", "tail"])
    assert result.exit_code == 1 and "run `flask audit init` first" in result.output


# --- the demo app: POST /notes ------------------------------------------------------------------


def test_a_note_is_an_audit_entry(client, db_path, stored):
    response = client.post("/notes", json={"text": "buy milk"})
    assert response.status_code == 201 and response.json == {"audit_id": 1}
    assert stored(db_path) == [("note.created", "buy milk")]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"text": "x"}', "text/plain", 415),
        (b"{not json", "application/json", 400),
        (b"[" * 100_000, "application/json", 413),  # over MAX_CONTENT_LENGTH, never parsed
        (b"[" * 5_000 + b"]" * 5_000, "application/json", 400),  # deeper than the recursion limit
        (b'"just a string"', "application/json", 422),
        (b'{"text": 12}', "application/json", 422),
        (b'{"text": ""}', "application/json", 422),
        (b'{"text": "a\\u0000b"}', "application/json", 422),
        (b'{"text": "' + b"x" * 201 + b'"}', "application/json", 422),
        (b'{"text": ["x"]}', "application/json", 422),
        (
            b'{"text": "lone \\ud800 surrogate"}',
            "application/json",
            422,
        ),  # not UTF-8: SQLite refuses it
    ],
)
def test_a_bad_body_is_refused_in_the_json_shape_and_nothing_recorded(
    client, db_path, stored, body, content_type, status
):
    response = client.post("/notes", data=body, content_type=content_type)
    assert response.status_code == status
    assert isinstance(response.json["error"], str) and response.json["error"]
    assert stored(db_path) == []
