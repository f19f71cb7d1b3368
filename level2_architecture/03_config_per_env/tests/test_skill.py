"""Skill checks: a config class per environment loaded with from_object, FLASK_* variables with
from_prefixed_env, a lookup in ENVIRONMENTS, and production checked by check_production()."""

import ast
import inspect
import textwrap

import app as app_module
import config
import pytest
import views
from app import create_app
from config import (
    DEV_SECRET_KEY,
    ENVIRONMENTS,
    ConfigError,
    ProductionConfig,
    check_production,
    config_class,
)
from flask import Config

GOOD_KEY = "0123456789abcdef" * 4


@pytest.fixture
def loaded(monkeypatch):
    """What create_app() gives to app.config.from_object and from_prefixed_env, in order."""
    seen = []
    real_object, real_prefixed = Config.from_object, Config.from_prefixed_env

    def from_object(self, obj):
        seen.append(("from_object", obj))
        return real_object(self, obj)

    def from_prefixed_env(self, prefix="FLASK", **kwargs):
        seen.append(("from_prefixed_env", prefix))
        return real_prefixed(self, prefix, **kwargs)

    monkeypatch.setattr(Config, "from_object", from_object)
    monkeypatch.setattr(Config, "from_prefixed_env", from_prefixed_env)
    return seen


@pytest.mark.parametrize("env", ["development", "testing", "production"])
def test_skill_the_class_is_loaded_with_from_object_then_flask_variables(monkeypatch, loaded, env):
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)

    create_app(env)

    assert loaded == [("from_object", ENVIRONMENTS[env]), ("from_prefixed_env", "FLASK")], (
        "Skill missing: app.config.from_object(config_class(env)), then "
        "app.config.from_prefixed_env(); setting keys one by one or reading os.environ "
        f"does not count (got {loaded})"
    )


def test_skill_every_flask_variable_reaches_the_config(monkeypatch):
    monkeypatch.setenv("FLASK_LOG_LEVEL", "ERROR")
    monkeypatch.setenv("FLASK_MAX_CONTENT_LENGTH", "1024")  # parsed as JSON: the number 1024

    app = create_app("testing")

    assert (app.config["LOG_LEVEL"], app.config["MAX_CONTENT_LENGTH"]) == ("ERROR", 1024), (
        "Skill missing: load every FLASK_* variable with app.config.from_prefixed_env(), "
        "after the class, so that the environment wins"
    )


def test_skill_settings_are_read_once_when_the_app_is_built(monkeypatch):
    app = create_app("testing")
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)

    assert app.test_client().get("/").get_json()["env"] == "testing"
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY
    source = ast.dump(ast.parse(inspect.getsource(views)))
    assert "environ" not in source and "getenv" not in source, (
        "Skill missing: the views read current_app.config, never os.environ"
    )


def test_skill_production_class_has_no_key_and_secure_cookies():
    assert ProductionConfig.SECRET_KEY is None, (
        "Skill missing: ProductionConfig.SECRET_KEY = None, so that only FLASK_SECRET_KEY "
        "can give production a key"
    )
    assert ProductionConfig.SESSION_COOKIE_SECURE is True, (
        "Skill missing: ProductionConfig.SESSION_COOKIE_SECURE = True (set in the class, not "
        "in create_app)"
    )
    assert config.Config.SESSION_COOKIE_SECURE is False


def test_skill_config_class_looks_names_up_in_environments(monkeypatch):
    class StagingConfig(config.Config):
        pass

    monkeypatch.setitem(ENVIRONMENTS, "staging", StagingConfig)

    assert [config_class(env) for env in ENVIRONMENTS] == list(ENVIRONMENTS.values()), (
        "Skill missing: config_class(env) returns ENVIRONMENTS[env]; getattr or a chain of "
        "if does not count"
    )
    with pytest.raises(ConfigError) as error:
        config_class("qa")
    assert str(error.value) == (
        "APP_ENV='qa' is not a known environment. "
        "Use one of: development, testing, production, staging."
    ), "Skill missing: the ConfigError lists the names of ENVIRONMENTS, joined by ', '"


def test_skill_production_is_checked_by_check_production(monkeypatch):
    checked = []
    monkeypatch.setattr(app_module, "check_production", lambda cfg: checked.append(cfg))
    monkeypatch.setenv("FLASK_SECRET_KEY", GOOD_KEY)

    production = create_app("production")
    create_app("development")
    create_app("testing")

    assert checked == [production.config], (
        "Skill missing: in create_app, call check_production(app.config) when env is "
        "'production', and only then"
    )


@pytest.mark.parametrize(
    ("settings", "problems"),
    [
        ({"DEBUG": False, "SECRET_KEY": "k" * 32}, []),
        ({"DEBUG": False, "SECRET_KEY": "k" * 31},
         ["SECRET_KEY is too short (31 characters, at least 32 needed)."]),
        ({"DEBUG": 1, "SECRET_KEY": "k" * 32},
         ["DEBUG is on. Unset FLASK_DEBUG and do not use --debug."]),
        ({"DEBUG": 0, "SECRET_KEY": None},
         ["SECRET_KEY is not set. Set FLASK_SECRET_KEY to a long random value."]),
        ({"DEBUG": True, "SECRET_KEY": DEV_SECRET_KEY},
         ["DEBUG is on. Unset FLASK_DEBUG and do not use --debug.",
          "SECRET_KEY is the development default. Set FLASK_SECRET_KEY to your own."]),
    ],
    ids=["32-ok", "31-refused", "debug-1", "no-key", "debug-and-dev-key"],
)  # fmt: skip
def test_check_production_boundaries(settings, problems):
    if not problems:
        assert check_production(settings) is None
        return
    with pytest.raises(ConfigError) as error:
        check_production(settings)
    assert str(error.value).splitlines() == ["Refusing to start in production:"] + [
        f"- {problem}" for problem in problems
    ]


def test_a_32_character_key_starts_production(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "x" * 32)
    assert create_app("production").config["SECRET_KEY"] == "x" * 32


def test_skill_create_app_source_reads_app_env_only_for_the_name():
    tree = ast.parse(textwrap.dedent(inspect.getsource(create_app)))
    keys = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert not [key for key in keys if key.startswith("FLASK_")], (
        "Skill missing: let from_prefixed_env() read FLASK_* variables; "
        "os.environ['FLASK_...'] in create_app does not count"
    )
