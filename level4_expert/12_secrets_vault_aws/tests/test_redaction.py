"""No secret value in a log line, an error page or a traceback, even when code tries hard."""

import logging

import pytest
from app import create_app
from redaction import MASK


def key(value):
    return {"X-API-Key": value}


def test_a_crash_whose_exception_holds_the_secret_shows_and_logs_none_of_it(app, api_key, caplog):
    path, value = api_key

    def careless():
        from flask import current_app

        secret = current_app.extensions["secrets"].get(path)["api_key"]
        try:
            raise KeyError(secret)  # the context: a first exception holding the value
        except KeyError:
            raise RuntimeError(f"the partner refused key {secret}") from None

    def chained():
        from flask import current_app

        secret = current_app.extensions["secrets"].get(path)["api_key"]
        try:
            {}[secret]
        except KeyError as exc:
            raise RuntimeError("lookup failed") from exc  # the value is in the cause

    app.add_url_rule("/careless", view_func=careless)
    app.add_url_rule("/chained", view_func=chained)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a 500, not a test failure
    client = app.test_client()
    for url in ("/careless", "/chained"):
        caplog.clear()
        response = client.get(url)
        assert response.status_code == 500
        assert response.get_json() == {"error": {"status": 500, "message": "internal error"}}
        assert value not in response.get_data(as_text=True) + str(response.headers)
        crash = [r for r in caplog.records if r.getMessage() == f"Exception on {url} [GET]"]
        assert len(crash) == 1 and crash[0].exc_info is None  # the exception object is gone
        assert "Traceback" in crash[0].exc_text and MASK in crash[0].exc_text
        assert value not in crash[0].exc_text and value not in caplog.text


def test_a_secret_logged_by_mistake_is_masked(app, api_key, caplog):
    path, value = api_key
    with app.app_context():
        secret = app.extensions["secrets"].get(path)["api_key"]
        assert secret == value
        app.logger.warning("using key %s", secret)
        app.logger.warning(f"and again: {secret}!")
        app.logger.warning("as repr %r in a dict", {"api_key": secret})
        logging.getLogger("some.library").error("lib saw %s", secret, stack_info=True)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert messages == [
        "using key ****",
        "and again: ****!",
        "as repr {'api_key': '****'} in a dict",
        "lib saw ****",
    ]


def test_the_aws_client_never_dumps_a_body_with_the_secret(aws, aws_write, path, made_up, caplog):
    value = made_up()
    aws_write(path, {"api_key": value})
    app = create_app({"TESTING": True, "SECRETS_BACKEND": "aws", "AWS_ENDPOINT_URL": aws.url,
                      "API_KEY_SECRET": path})  # fmt: skip
    caplog.clear()
    assert app.test_client().get("/api/report", headers=key(value)).status_code == 200
    botocore = [r for r in caplog.records if r.name.startswith("botocore")]
    assert botocore and min(r.levelno for r in botocore) == logging.DEBUG  # it does log, at DEBUG
    assert value not in caplog.text  # but no body: the autouse check also searches every line
    assert logging.getLogger("botocore.parsers").getEffectiveLevel() == logging.INFO


@pytest.mark.parametrize("status", [401, 503])
def test_error_responses_hold_no_secret(make_app, api_key, status):
    path, value = api_key
    config = {"API_KEY_SECRET": path}
    if status == 503:
        config |= {"VAULT_ADDR": "http://127.0.0.1:1", "SECRETS_TIMEOUT": "0.2"}
    response = make_app(**config).test_client().get("/api/report", headers=key("wrong-key"))
    assert response.status_code == status
    assert value not in response.get_data(as_text=True) + str(response.headers)


def test_a_secret_that_is_not_a_json_object_is_a_clean_500(
    aws, aws_write, path, made_up, error_of, caplog
):
    value = made_up()
    aws_write(path, value)  # plain text, as people often store one
    app = create_app({"TESTING": True, "SECRETS_BACKEND": "aws", "AWS_ENDPOINT_URL": aws.url,
                      "API_KEY_SECRET": path})  # fmt: skip
    response = app.test_client().get("/api/report", headers=key(value))
    error_of(response, 500)
    assert value not in response.get_data(as_text=True)
    assert f"secret unusable: the secret at {path!r} is not a JSON object" in caplog.messages
