"""Where each secret comes from, what happens when one is wrong, and that none ever leaks."""

import logging
import os
import subprocess
import traceback
from pathlib import Path

import pytest
from app import create_app
from dotenv import dotenv_values
from settings import ENV_FILE, MASK, SECRETS, SETTINGS, SettingsError

EXAMPLE = Path(__file__).resolve().parent.parent


# --- Where the values come from -------------------------------------------------------------------


def test_secrets_come_from_the_env_file(app, made_up):
    for name, value in made_up.values.items():
        assert app.config[name] == value
    url = f"postgresql://app:{made_up.quoted_password}@127.0.0.1/shop"
    assert app.config["DATABASE_URL"] == url
    assert app.config["APP_NAME"] == SETTINGS["APP_NAME"]  # a plain setting keeps its default
    assert app.secret_key == made_up.values["SECRET_KEY"]  # Flask uses it to sign the session


def test_an_environment_variable_beats_the_env_file(full_env, made_up, monkeypatch):
    monkeypatch.setenv("API_KEY", "api-from-the-environment")
    monkeypatch.setenv("APP_NAME", "Shop")

    app = create_app(env_file=full_env)

    assert app.config["API_KEY"] == "api-from-the-environment"
    assert app.config["DATABASE_PASSWORD"] == made_up.values["DATABASE_PASSWORD"]  # from .env
    assert app.config["APP_NAME"] == "Shop"


def test_the_env_file_does_not_leak_into_os_environ(app, made_up):
    assert not set(made_up.values) & set(os.environ)


def test_a_file_secret_is_read_and_its_trailing_newline_dropped(
    write_env, secret_file, made_up, monkeypatch
):
    values = made_up.values
    env = write_env({"SECRET_KEY": values["SECRET_KEY"], "API_KEY": values["API_KEY"]})
    path = secret_file("db_password", values["DATABASE_PASSWORD"] + "\n")  # as `echo` writes it
    monkeypatch.setenv("DATABASE_PASSWORD_FILE", path)

    app = create_app(env_file=env)

    assert app.config["DATABASE_PASSWORD"] == values["DATABASE_PASSWORD"]
    assert app.config["SECRET_ORIGINS"]["DATABASE_PASSWORD"] == (
        f"DATABASE_PASSWORD_FILE in the environment: {path}"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [("secret\r\n", "secret"), ("secret", "secret"), ("  two words  \n", "  two words  ")],
    ids=["crlf", "no-newline", "spaces-kept"],
)
def test_only_the_line_ending_is_stripped_from_a_file(write_env, secret_file, content, expected):
    env = write_env(
        {"SECRET_KEY": "k", "API_KEY": "a", "DATABASE_PASSWORD_FILE": secret_file("db", content)}
    )
    assert create_app(env_file=env).config["DATABASE_PASSWORD"] == expected


def test_a_file_named_in_the_environment_beats_a_value_in_the_env_file(
    full_env, secret_file, monkeypatch
):
    monkeypatch.setenv("DATABASE_PASSWORD_FILE", secret_file("db_password", "from-the-file\n"))

    app = create_app(env_file=full_env)

    assert app.config["DATABASE_PASSWORD"] == "from-the-file"


def test_an_empty_environment_variable_counts_as_not_set(full_env, made_up, monkeypatch):
    monkeypatch.setenv("API_KEY", "")
    assert create_app(env_file=full_env).config["API_KEY"] == made_up.values["API_KEY"]


# --- A wrong or missing secret stops the start-up: the error names it, never shows a value -----


def error_text(excinfo):
    """Everything a person would see: the message and the whole traceback."""
    return "".join(traceback.format_exception(excinfo.value))


@pytest.mark.parametrize("missing", SECRETS)
def test_a_missing_secret_stops_start_up_naming_it(write_env, made_up, missing):
    env = write_env({name: value for name, value in made_up.values.items() if name != missing})

    with pytest.raises(SettingsError) as excinfo:
        create_app(env_file=env)

    assert str(excinfo.value) == (
        f"{missing} is required: set {missing} or {missing}_FILE (see .env.example)."
    )
    made_up.assert_none_in(error_text(excinfo))


def test_no_env_file_and_no_environment_names_the_first_missing_secret(tmp_path):
    with pytest.raises(SettingsError, match=r"^SECRET_KEY is required"):
        create_app(env_file=tmp_path / "missing.env")


@pytest.mark.parametrize("layer", ["environment", ".env file"])
def test_value_and_file_in_the_same_place_is_an_error(
    write_env, secret_file, made_up, monkeypatch, layer
):
    values = made_up.values
    path = secret_file("db_password", "from-the-file\n")
    if layer == "environment":
        env = write_env({"SECRET_KEY": values["SECRET_KEY"], "API_KEY": values["API_KEY"]})
        monkeypatch.setenv("DATABASE_PASSWORD", values["DATABASE_PASSWORD"])
        monkeypatch.setenv("DATABASE_PASSWORD_FILE", path)
    else:
        env = write_env({**values, "DATABASE_PASSWORD_FILE": path})

    with pytest.raises(SettingsError) as excinfo:
        create_app(env_file=env)

    assert str(excinfo.value) == (
        f"DATABASE_PASSWORD and DATABASE_PASSWORD_FILE are both set in the {layer}: keep one."
    )
    made_up.assert_none_in(error_text(excinfo))
    assert "from-the-file" not in error_text(excinfo)


def test_a_missing_secret_file_is_an_error_naming_the_variable_and_path(
    write_env, made_up, monkeypatch
):
    monkeypatch.setenv("API_KEY_FILE", "/run/secrets/no-such-file")
    env = write_env({name: v for name, v in made_up.values.items() if name != "API_KEY"})

    with pytest.raises(SettingsError) as excinfo:
        create_app(env_file=env)

    assert str(excinfo.value) == (
        "API_KEY_FILE=/run/secrets/no-such-file: cannot read it (No such file or directory)."
    )
    made_up.assert_none_in(error_text(excinfo))


def test_an_empty_secret_file_is_an_error(write_env, secret_file):
    path = secret_file("api_key", "\n")
    env = write_env({"SECRET_KEY": "k", "DATABASE_PASSWORD": "p", "API_KEY_FILE": path})

    with pytest.raises(SettingsError, match=r"^API_KEY_FILE=.*: the file is empty\.$"):
        create_app(env_file=env)


@pytest.mark.parametrize("content", [b"\xffs3cr3t\xfe", b"caf\xe9"], ids=["not-utf-8", "latin-1"])
def test_a_secret_file_that_is_not_utf_8_is_an_error_not_a_traceback(write_env, tmp_path, content):
    path = tmp_path / "api_key"
    path.write_bytes(content)  # a binary file, or a secret saved in another encoding
    env = write_env({"SECRET_KEY": "k", "DATABASE_PASSWORD": "p", "API_KEY_FILE": str(path)})

    with pytest.raises(SettingsError) as excinfo:
        create_app(env_file=env)

    assert str(excinfo.value) == f"API_KEY_FILE={path}: not UTF-8 text."
    assert "s3cr3t" not in error_text(excinfo)  # `from None`: no chained UnicodeDecodeError


# --- No secret in a page or a log ----------------------------------------------------------------


def test_the_config_page_shows_masked_values(write_env, secret_file, made_up, monkeypatch):
    api_key_file = secret_file("api_key", made_up.values["API_KEY"] + "\n")
    monkeypatch.setenv("API_KEY_FILE", api_key_file)
    env = write_env({name: v for name, v in made_up.values.items() if name != "API_KEY"})

    shown = create_app(env_file=env).test_client().get("/config").get_json()

    assert shown["SECRET_KEY"] == shown["DATABASE_PASSWORD"] == shown["API_KEY"] == MASK == "****"
    assert shown["DATABASE_URL"] == "postgresql://app:****@127.0.0.1/shop"
    assert shown["DATABASE_USER"] == "app"  # plain settings are shown as they are
    assert shown["origins"] == {
        "SECRET_KEY": "SECRET_KEY in the .env file",
        "DATABASE_PASSWORD": "DATABASE_PASSWORD in the .env file",
        "API_KEY": f"API_KEY_FILE in the environment: {api_key_file}",
    }


def test_no_secret_in_any_page_body_or_header(app, client, made_up):
    urls = [rule.rule for rule in app.url_map.iter_rules() if not rule.arguments]
    urls += ["/no-such-page", "/config?debug=1"]
    assert {"/", "/config"} <= set(urls)

    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404)
        made_up.assert_none_in(response.get_data(as_text=True))
        made_up.assert_none_in(str(response.headers))


def test_no_secret_in_the_logs(full_env, made_up, caplog):
    caplog.set_level(logging.DEBUG)

    app = create_app(env_file=full_env)
    app.test_client().get("/config")

    assert "SECRET_KEY=**** (SECRET_KEY in the .env file)" in caplog.text
    assert "DATABASE_PASSWORD=**** (DATABASE_PASSWORD in the .env file)" in caplog.text
    assert "'APP_NAME': 'Secrets demo'" in caplog.text  # plain settings are logged as they are
    made_up.assert_none_in(caplog.text)


def test_no_secret_in_the_logs_when_start_up_fails(write_env, made_up, caplog):
    caplog.set_level(logging.DEBUG)
    env = write_env({"SECRET_KEY": made_up.values["SECRET_KEY"], "DATABASE_PASSWORD": "p"})
    with pytest.raises(SettingsError):
        create_app(env_file=env)
    made_up.assert_none_in(caplog.text)


# --- .env.example is committed; .env is not ------------------------------------------------------


def test_env_example_lists_every_variable_with_placeholders():
    example = dotenv_values(EXAMPLE / ".env.example")
    assert set(example) == {*SETTINGS, *SECRETS}
    for name in SECRETS:
        assert example[name].startswith("replace-me")  # a placeholder, not a real secret
    assert "DATABASE_PASSWORD_FILE=" in (EXAMPLE / ".env.example").read_text()  # documented


def test_env_example_is_enough_to_start_the_app():
    app = create_app(env_file=EXAMPLE / ".env.example")
    assert app.test_client().get("/").get_data(as_text=True) == "Hello from Secrets demo!\n"


def test_the_default_env_file_sits_next_to_app_py():
    assert ENV_FILE == EXAMPLE / ".env"


def test_git_ignores_the_env_file():
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", ".env"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr  # 0: ignored
    assert result.stdout.strip().endswith(".env")
