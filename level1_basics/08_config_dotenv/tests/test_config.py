import json
import os
import subprocess
import sys
from pathlib import Path

import app as app_module
import pytest
from app import ENV_FILE, DefaultConfig, create_app
from dotenv import dotenv_values

EXAMPLE = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "app_name": "Config demo",
    "greeting": "Hello",
    "items_per_page": 10,
    "signup_open": False,
    "secret_key_changed": False,
}


def shown_config(app):
    response = app.test_client().get("/config")
    assert response.status_code == 200
    return response.get_json()


# Layer 1: defaults in code


def test_without_a_env_file_the_defaults_apply(app, client):
    assert app.config["ITEMS_PER_PAGE"] == DefaultConfig.ITEMS_PER_PAGE == 10
    assert app.config["SECRET_KEY"] == DefaultConfig.SECRET_KEY
    assert shown_config(app) == DEFAULTS
    assert client.get("/").get_data(as_text=True) == "Hello from Config demo!\n"


def test_the_show_config_command_prints_what_the_page_shows(runner):
    result = runner.invoke(args=["show-config"])
    assert result.exit_code == 0
    assert json.loads(result.output) == DEFAULTS


# Layer 2: the .env file


def test_the_env_file_overrides_the_defaults(write_env):
    app = create_app(env_file=write_env("MYAPP_GREETING=Bonjour\nMYAPP_ITEMS_PER_PAGE=25\n"))
    assert app.config["GREETING"] == "Bonjour"
    assert app.config["ITEMS_PER_PAGE"] == 25
    # What the file does not mention keeps its default.
    assert app.config["APP_NAME"] == "Config demo"
    assert app.test_client().get("/").get_data(as_text=True) == "Bonjour from Config demo!\n"


def test_the_env_file_is_read_from_its_path_not_from_the_current_folder(
    tmp_path, write_env, monkeypatch
):
    env_file = write_env("MYAPP_GREETING=From the file\n", name="settings.env")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".env").write_text("MYAPP_GREETING=From the current folder\n")
    monkeypatch.chdir(elsewhere)
    assert create_app(env_file=env_file).config["GREETING"] == "From the file"


def test_a_env_file_in_the_current_folder_is_not_read_by_accident(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("MYAPP_GREETING=Surprise\n")
    monkeypatch.chdir(tmp_path)
    assert create_app(env_file=tmp_path / "missing.env").config["GREETING"] == "Hello"


def test_the_default_env_file_sits_next_to_app_py():
    assert ENV_FILE.is_absolute()
    assert Path(app_module.__file__).resolve().parent / ".env" == ENV_FILE


# Layer 3: environment variables


def test_an_environment_variable_overrides_the_default(tmp_path, monkeypatch):
    monkeypatch.setenv("MYAPP_ITEMS_PER_PAGE", "50")
    assert create_app(env_file=tmp_path / "missing.env").config["ITEMS_PER_PAGE"] == 50


def test_an_environment_variable_overrides_the_env_file(write_env, monkeypatch):
    monkeypatch.setenv("MYAPP_ITEMS_PER_PAGE", "50")
    app = create_app(env_file=write_env("MYAPP_ITEMS_PER_PAGE=25\n"))
    assert app.config["ITEMS_PER_PAGE"] == 50


def test_precedence_default_then_env_file_then_environment(write_env, monkeypatch):
    env_file = write_env("MYAPP_GREETING=Bonjour\nMYAPP_ITEMS_PER_PAGE=25\n")
    monkeypatch.setenv("MYAPP_ITEMS_PER_PAGE", "50")
    config = shown_config(create_app(env_file=env_file))
    assert config["app_name"] == "Config demo"  # only in code
    assert config["greeting"] == "Bonjour"  # code < .env
    assert config["items_per_page"] == 50  # code < .env < environment


def test_variables_without_the_prefix_are_ignored(tmp_path, write_env, monkeypatch):
    monkeypatch.setenv("ITEMS_PER_PAGE", "99")
    monkeypatch.setenv("OTHER_ITEMS_PER_PAGE", "99")
    app = create_app(env_file=write_env("GREETING=Hi\nAPP_GREETING=Hi\n"))
    assert app.config["ITEMS_PER_PAGE"] == 10
    assert app.config["GREETING"] == "Hello"


# Typed values: from_prefixed_env reads each value as JSON when it can


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("25", 25),
        ("2.5", 2.5),
        ("true", True),
        ("false", False),
        ('["fr", "en"]', ["fr", "en"]),
        ('{"size": 5}', {"size": 5}),
        ("Bonjour", "Bonjour"),  # not JSON: kept as a string
        ("True", "True"),  # JSON says true, so Python's True stays a string
        ('"42"', "42"),  # quoted: a JSON string
    ],
)
def test_environment_values_are_parsed_as_json(tmp_path, monkeypatch, raw, value):
    monkeypatch.setenv("MYAPP_EXTRA", raw)
    extra = create_app(env_file=tmp_path / "missing.env").config["EXTRA"]
    assert extra == value
    assert type(extra) is type(value)


def test_env_file_values_are_typed_too(write_env):
    config = create_app(
        env_file=write_env("MYAPP_ITEMS_PER_PAGE=25\nMYAPP_SIGNUP_OPEN=true\n")
    ).config
    assert config["ITEMS_PER_PAGE"] == 25
    assert config["SIGNUP_OPEN"] is True


def test_load_dotenv_copies_the_file_into_os_environ(write_env):
    # That is what lets a variable already set win: load_dotenv(override=False) skips it.
    create_app(env_file=write_env("MYAPP_GREETING=Bonjour\n"))
    assert os.environ["MYAPP_GREETING"] == "Bonjour"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "MYAPP_ITEMS_PER_PAGE=lots",
            "MYAPP_ITEMS_PER_PAGE must be a whole number >= 1, got 'lots'",
        ),
        ("MYAPP_ITEMS_PER_PAGE=0", "MYAPP_ITEMS_PER_PAGE must be a whole number >= 1, got 0"),
        (
            "MYAPP_SIGNUP_OPEN=False",
            "MYAPP_SIGNUP_OPEN must be true or false (lower case), got 'False'",
        ),
    ],
)
def test_a_bad_value_stops_the_app_with_a_clear_message(write_env, line, message):
    with pytest.raises(ValueError) as error:
        create_app(env_file=write_env(line + "\n"))
    assert str(error.value) == message


def test_flask_run_stops_at_start_up_on_a_bad_value():
    # What the README shows: the `flask` command itself refuses to start, with the message.
    # A real environment variable beats any .env next to app.py, so a learner's file is harmless.
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app.py", "routes"],
        cwd=EXAMPLE,
        env={**os.environ, "MYAPP_SIGNUP_OPEN": "False"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == (
        "ValueError: MYAPP_SIGNUP_OPEN must be true or false (lower case), got 'False'"
    )


# The committed example file and the secret


def test_the_example_file_only_holds_prefixed_variables():
    names = dotenv_values(EXAMPLE / ".env.example")
    assert names
    assert all(name.startswith("MYAPP_") for name in names)


def test_the_example_file_gives_a_working_configuration():
    config = shown_config(create_app(env_file=EXAMPLE / ".env.example"))
    assert config == {
        "app_name": "Config demo",
        "greeting": "Bonjour",
        "items_per_page": 25,
        "signup_open": True,
        "secret_key_changed": True,
    }


def test_the_secret_key_is_never_shown(write_env):
    app = create_app(env_file=write_env("MYAPP_SECRET_KEY=s3cr3t-value\n"))
    assert app.config["SECRET_KEY"] == "s3cr3t-value"
    client = app.test_client()
    for url in ("/", "/config"):
        assert b"s3cr3t-value" not in client.get(url).get_data()
    assert shown_config(app)["secret_key_changed"] is True
    output = app.test_cli_runner().invoke(args=["show-config"]).output
    assert "s3cr3t-value" not in output
    assert json.loads(output)["secret_key_changed"] is True
