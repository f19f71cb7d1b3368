"""APP_ENV picks one config class; production refuses unsafe settings and says which one."""

import logging

import pytest
from app import create_app
from config import DEV_SECRET_KEY, ConfigError

GOOD_KEY = "0123456789abcdef" * 4  # 64 characters: long enough for production


# --- Each environment -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "debug", "testing", "log_level", "secure_cookie"),
    [
        ("development", True, False, "DEBUG", False),
        ("testing", False, True, "INFO", False),
        ("production", False, False, "WARNING", True),
    ],
)
def test_each_environment_gets_its_own_settings(
    monkeypatch, env, debug, testing, log_level, secure_cookie
):
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)  # production needs one; the others accept it

    app = create_app(env)

    assert (app.debug, app.testing) == (debug, testing)
    assert app.config["APP_ENV"] == env
    assert app.config["SESSION_COOKIE_SECURE"] is secure_cookie
    assert app.logger.level == logging.getLevelName(log_level)
    assert app.test_client().get("/").get_json() == {
        "env": env,
        "debug": debug,
        "testing": testing,
        "log_level": log_level,
        "session_cookie_secure": secure_cookie,
    }


def test_the_factory_registers_the_views_blueprint(app):
    assert list(app.blueprints) == ["main"]
    rules = {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()}
    assert rules >= {("/", "main.index"), ("/visits", "main.visits")}


def test_the_testing_app_counts_visits_in_its_signed_session(client):
    assert client.get("/visits").get_json() == {"visits": 1}
    assert client.get("/visits").get_json() == {"visits": 2}  # the signed cookie came back


@pytest.mark.parametrize("env", ["development", "testing"])
def test_development_and_testing_start_with_the_default_key(env):
    app = create_app(env)
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY
    assert app.test_client().get("/visits").get_json() == {"visits": 1}


def test_the_secret_key_comes_from_the_environment_in_production(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)

    app = create_app("production")
    client = app.test_client()

    assert app.config["SECRET_KEY"] == GOOD_KEY
    assert client.get("/visits").get_json() == {"visits": 1}
    assert client.get("/visits").get_json() == {"visits": 2}  # the signed cookie came back
    assert GOOD_KEY not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(("env", "secure"), [("production", True), ("development", False)])
def test_the_session_cookie_is_marked_secure_in_production_only(monkeypatch, env, secure):
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)

    cookie = create_app(env).test_client().get("/visits").headers["Set-Cookie"]

    assert cookie.startswith("session=")
    assert ("; Secure" in cookie) is secure
    assert "; HttpOnly" in cookie


# --- create_app() reads APP_ENV -------------------------------------------------------------


@pytest.mark.parametrize("env", ["development", "testing", "production"])
def test_create_app_reads_app_env(monkeypatch, env):
    monkeypatch.setenv("APP_ENV", env)
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)

    app = create_app()

    assert app.config["APP_ENV"] == env
    assert app.testing is (env == "testing")
    assert app.config["SESSION_COOKIE_SECURE"] is (env == "production")


def test_without_app_env_it_is_development():
    app = create_app()
    assert app.config["APP_ENV"] == "development"
    assert app.debug is True


def test_an_explicit_argument_wins_over_app_env(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")  # would refuse: no secret key is set
    assert create_app("testing").testing is True


@pytest.mark.parametrize("value", ["staging", "prod", "Production", ""])
def test_an_unknown_app_env_is_a_clear_error_naming_the_allowed_values(monkeypatch, value):
    monkeypatch.setenv("APP_ENV", value)

    with pytest.raises(ConfigError) as error:
        create_app()

    assert str(error.value) == (
        f"APP_ENV={value!r} is not a known environment. "
        "Use one of: development, testing, production."
    )


# --- Production refuses unsafe settings -----------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "problems"),
    [
        ({}, ["SECRET_KEY is not set. Set FLASK_SECRET_KEY to a long random value."]),
        (
            {"FLASK_SECRET_KEY": ""},
            ["SECRET_KEY is not set. Set FLASK_SECRET_KEY to a long random value."],
        ),
        (
            {"FLASK_SECRET_KEY": DEV_SECRET_KEY},
            ["SECRET_KEY is the development default. Set FLASK_SECRET_KEY to your own."],
        ),
        (
            {"FLASK_SECRET_KEY": "hunter2-is-my-password"},
            ["SECRET_KEY is too short (22 characters, at least 32 needed)."],
        ),
        (
            {"FLASK_SECRET_KEY": GOOD_KEY, "FLASK_DEBUG": "1"},
            ["DEBUG is on. Unset FLASK_DEBUG and do not use --debug."],
        ),
        (
            {"FLASK_SECRET_KEY": "hunter2-is-my-password", "FLASK_DEBUG": "true"},
            [
                "DEBUG is on. Unset FLASK_DEBUG and do not use --debug.",
                "SECRET_KEY is too short (22 characters, at least 32 needed).",
            ],
        ),
    ],
    ids=["no-key", "empty-key", "dev-default-key", "short-key", "debug-on", "debug-and-short-key"],
)
def test_production_refuses_to_start_and_names_the_wrong_setting(
    monkeypatch, environment, problems
):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError) as error:
        create_app("production")

    message = str(error.value)
    assert message.splitlines() == ["Refusing to start in production:"] + [
        f"- {problem}" for problem in problems
    ]
    secret = environment.get("FLASK_SECRET_KEY")
    if secret:
        assert secret not in message  # the error never shows a secret


@pytest.mark.parametrize("debug", ["0", "false"])
def test_production_accepts_debug_explicitly_off(monkeypatch, debug):
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("FLASK_DEBUG", debug)

    app = create_app("production")

    assert not app.debug
    assert app.test_client().get("/").get_json()["debug"] is False
