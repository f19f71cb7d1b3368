"""The hooks around the views: their order, and what each one does on every path."""

import logging

import pytest

APP_AND_API = [
    ("before", "app", "start_request"),
    ("before", "api", "require_token"),
    ("before", "api", "open_db"),
    ("after", "api", "no_store"),
    ("after", "app", "add_request_headers"),
    ("teardown", "api", "close_db"),
    ("teardown", "app", "end_request"),
]


def test_the_hooks_run_app_first_before_and_blueprint_first_after(client, auth, traced):
    assert client.get("/api/notes", headers=auth).status_code == 200
    assert traced == APP_AND_API


def test_a_refused_request_skips_the_later_before_hooks_but_not_after_and_teardown(client, traced):
    assert client.get("/api/notes").status_code == 401
    assert traced == [call for call in APP_AND_API if call[2] != "open_db"]


def test_a_page_outside_the_blueprint_runs_only_the_app_hooks(client, traced):
    assert client.get("/health").status_code == 200
    assert traced == [call for call in APP_AND_API if call[1] == "app"]


def test_a_url_that_matches_nothing_runs_only_the_app_hooks(client, traced):
    assert client.get("/api/nothing").status_code == 404  # no endpoint: no blueprint
    assert traced == [call for call in APP_AND_API if call[1] == "app"]


def test_a_refused_request_opens_no_connection(client, connections):
    client.get("/api/notes")
    client.get("/api/notes", headers={"Authorization": "Bearer wrong"})
    assert connections == []


def test_each_api_request_opens_one_connection_and_teardown_closes_it(
    client, auth, connections, is_closed
):
    client.get("/api/notes", headers=auth)
    client.post("/api/notes", json={"text": "one"}, headers=auth)
    assert len(connections) == 2 and all(is_closed(conn) for conn in connections)


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "bearer test-token-1", "Basic dGVzdA==", "Bearer test-token-",
     "Bearer test-token-11", "Bearer  test-token-1", "Bearer tést"],
)  # fmt: skip
def test_anything_but_the_exact_token_is_a_401(client, error_of, rows, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = client.post("/api/notes", json={"text": "sneaky"}, headers=headers)
    error_of(response, 401)
    assert rows() == []


def test_any_of_several_tokens_opens_the_gate(database):
    from app import create_app

    app = create_app({"DATABASE": str(database), "API_TOKENS": ["old-one", "new-one"]})
    app.test_cli_runner().invoke(args=["init-db"])
    client = app.test_client()
    for token in ("old-one", "new-one"):
        assert (
            client.get("/api/notes", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )


def test_notes_are_created_and_listed(client, auth, rows):
    assert client.get("/api/notes", headers=auth).get_json() == {"notes": []}
    response = client.post("/api/notes", json={"text": "buy milk"}, headers=auth)
    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "text": "buy milk"}
    assert client.get("/api/notes", headers=auth).get_json() == {
        "notes": [{"id": 1, "text": "buy milk"}]
    }
    assert rows() == [(1, "buy milk")]


def test_a_crash_still_gets_its_request_id_and_the_teardown_logs_it(app, auth, caplog):
    def crash():
        raise RuntimeError("secret detail")

    app.add_url_rule("/api/crash", "api.crash", crash)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        response = app.test_client().get(
            "/api/crash", headers={**auth, "X-Request-ID": "crash-0001"}
        )
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "crash-0001"
    assert "secret detail" not in response.get_data(as_text=True)
    failed = [r.getMessage() for r in caplog.records if r.getMessage().startswith("request ")]
    assert failed == ["request crash-0001 failed: RuntimeError('secret detail')"]


def test_the_teardown_logs_a_request_that_went_well(client, app, caplog):
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        client.get("/health", headers={"X-Request-ID": "fine-00001"})
    assert "request fine-00001 done" in [r.getMessage() for r in caplog.records]


def test_init_db_empties_the_table(client, auth, runner, rows):
    client.post("/api/notes", json={"text": "x"}, headers=auth)
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and result.output == "Initialised notes.db\n"
    assert rows() == []
