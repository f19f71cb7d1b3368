"""Both loaders, the same promises: types, layers, precedence, secrets, errors without values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from app import create_app
from settings_common import DEV_SECRET_KEY, SettingsError

EXAMPLE = Path(__file__).resolve().parents[1]
ROOT = EXAMPLE.parents[1]
SECRET_KEY = "made-up-secret-key-6f1c0a9e-4b7d-41f3-9d2a"
MAIL_PASSWORD = "made-up-mail-password-93d1e"
MASK = "**********"


@pytest.mark.parametrize(
    ("env", "debug", "testing"),
    [("development", True, False), ("testing", False, True), (None, True, False)],
)
def test_each_environment_has_its_own_defaults(make_app, monkeypatch, env, debug, testing):
    if env:
        monkeypatch.setenv("APP_ENV", env)
    app = make_app()
    assert app.config["ENV"] == (env or "development")
    assert app.config["DEBUG"] is debug and app.config["TESTING"] is testing
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY  # public: fine outside production


@pytest.mark.parametrize("env", ["development", "testing", "production"])
def test_both_loaders_load_the_same_settings(env, env_file, secrets_dir, write_env, write_secret):
    write_env(APP_ENV=env, APP_MAIL__PORT="2525", APP_LIMITS__BURST="5")
    write_secret("app_secret_key", SECRET_KEY)
    write_secret("app_mail__password", MAIL_PASSWORD)
    pages = [
        create_app(loader, env_file=env_file, secrets_dir=secrets_dir).test_client().get("/config")
        for loader in ("pydantic", "dynaconf")
    ]
    first, second = (page.get_json() for page in pages)
    assert first.pop("loader") == "pydantic" and second.pop("loader") == "dynaconf"
    assert first == second
    assert first["ENV"] == env and first["MAIL"]["port"] == 2525 and first["LIMITS"]["burst"] == 5


def test_nested_settings_are_typed(make_app, monkeypatch):
    monkeypatch.setenv("APP_MAIL__PORT", "2525")
    monkeypatch.setenv("APP_MAIL__HOST", "mail.example.com")
    monkeypatch.setenv("APP_LIMITS__PER_MINUTE", "120")
    monkeypatch.setenv("APP_DEBUG", "false")
    config = make_app().config
    assert config["MAIL"]["port"] == 2525 and type(config["MAIL"]["port"]) is int
    assert config["MAIL"]["host"] == "mail.example.com"
    assert config["MAIL"]["sender"] == "noreply@example.com"  # the default, next to the variables
    assert config["LIMITS"] == {"per_minute": 120, "burst": 10}
    assert config["DEBUG"] is False


# The layers, lowest first: the default, the secrets directory, the .env file, a real variable.
@pytest.mark.parametrize(
    "layers",
    [
        [],
        ["secret"],
        ["secret", "dotenv"],
        ["secret", "dotenv", "env"],
        ["dotenv"],
        ["env"],
        ["secret", "env"],
    ],
)
def test_precedence_variable_then_dotenv_then_secrets_then_default(
    shown, monkeypatch, write_env, write_secret, layers
):
    if "secret" in layers:
        write_secret("app_mail__host", "from-secrets")
    if "dotenv" in layers:
        write_env(APP_MAIL__HOST="from-dotenv")
    if "env" in layers:
        monkeypatch.setenv("APP_MAIL__HOST", "from-env")
    winner = {"secret": "from-secrets", "dotenv": "from-dotenv", "env": "from-env"}
    expected = winner[layers[-1]] if layers else "127.0.0.1"
    assert shown()["MAIL"]["host"] == expected


def test_app_env_may_come_from_the_dotenv_file(make_app, write_env, write_secret):
    write_env(APP_ENV="production")
    write_secret("app_secret_key", SECRET_KEY)
    app = make_app()
    assert app.config["ENV"] == "production" and app.config["DEBUG"] is False


def test_secrets_come_from_the_secrets_directory_and_are_never_shown(
    make_app, write_secret, monkeypatch
):
    monkeypatch.setenv("APP_ENV", "production")
    write_secret("app_secret_key", SECRET_KEY)
    write_secret("app_mail__password", MAIL_PASSWORD)
    app = make_app()
    assert app.config["SECRET_KEY"] == SECRET_KEY  # the file's newline dropped
    assert app.config["MAIL"]["password"].get_secret_value() == MAIL_PASSWORD
    assert repr(app.config["MAIL"]["password"]) == f"SecretStr('{MASK}')"
    response = app.test_client().get("/config")
    body = response.get_data(as_text=True)
    assert response.get_json()["SECRET_KEY"] == MASK
    assert response.get_json()["MAIL"]["password"] == MASK
    assert SECRET_KEY not in body and MAIL_PASSWORD not in body
    assert SECRET_KEY not in str(response.headers)


@pytest.mark.parametrize(
    ("lines", "variable"),
    [
        ({}, "APP_SECRET_KEY"),  # required: no default in production
        ({"APP_SECRET_KEY": DEV_SECRET_KEY}, "APP_SECRET_KEY"),
        ({"APP_SECRET_KEY": "short-secret-4d2c"}, "APP_SECRET_KEY"),
        ({"APP_SECRET_KEY": "", "APP_DEBUG": "false"}, "APP_SECRET_KEY"),
        ({"APP_SECRET_KEY": SECRET_KEY, "APP_DEBUG": "true"}, "APP_DEBUG"),
    ],
)
def test_production_requires_a_real_secret_key_and_refuses_debug(
    make_app, monkeypatch, caplog, lines, variable
):
    monkeypatch.setenv("APP_ENV", "production")
    for name, value in lines.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        make_app()
    message = str(caught.value)
    assert f"- {variable}: " in message
    secret = lines.get("APP_SECRET_KEY")
    if secret:
        assert secret not in message and secret not in caplog.text
    assert message in caplog.text  # logged once, as raised


HOSTILE = [
    ("APP_MAIL__PORT", "port-abc"),
    ("APP_MAIL__PORT", ""),
    ("APP_MAIL__PORT", "99999999999999999999999"),
    ("APP_MAIL__PORT", "1e400"),
    ("APP_MAIL__PORT", "true"),  # Dynaconf reads it as True, and True == 1
    ("APP_MAIL__PORT", "25.5"),
    ("APP_MAIL__PORT", "-1"),
    ("APP_LIMITS__PER_MINUTE", "0"),
    ("APP_LIMITS__BURST", "[1, 2]"),
    ("APP_DEBUG", "maybe"),
    ("APP_DEBUG", ""),
    ("APP_ENV", "staging"),
    ("APP_DATABASE_URL", "mysql://app@127.0.0.1/app"),
    ("APP_DATABASE_URL", ""),
    ("APP_REDIS_URL", "http://127.0.0.1:6379"),
    ("APP_MAIL__HOST", ""),
    ("APP_MAIL__HOST", "x" * 300),
    ("APP_MAIL__HOST", "evil\nhost"),
]


@pytest.mark.parametrize(("variable", "value"), HOSTILE)
def test_a_wrong_value_stops_start_up_naming_the_variable(make_app, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        make_app()
    message = str(caught.value)
    assert f"- {variable}: " in message
    if len(value) > 3:
        assert value not in message


@pytest.mark.parametrize("where", ["dotenv", "secret"])
def test_a_nul_byte_is_refused(make_app, write_env, write_secret, where):
    # os.environ cannot hold a NUL (ValueError: embedded null byte); a file can.
    if where == "dotenv":
        write_env(APP_MAIL__HOST="mail\x00.example.com")
        variable = "APP_MAIL__HOST"
    else:
        write_secret("app_secret_key", "made-up\x00secret-key-0123456789abcdef")
        variable = "APP_SECRET_KEY"
    with pytest.raises(SettingsError, match=f"- {variable}: "):
        make_app()


def test_only_the_app_prefix_is_read(shown, monkeypatch):
    # Dynaconf's env_loader also reads DYNACONF_*: a second prefix nobody would look at.
    monkeypatch.setenv("DYNACONF_MAIL__HOST", "from-dynaconf-prefix")
    monkeypatch.setenv("MAIL__HOST", "no-prefix")
    assert shown()["MAIL"]["host"] == "127.0.0.1"


def test_dynaconf_tokens_from_outside_are_refused(make_app, loader, monkeypatch, write_secret):
    write_secret("app_secret_key", SECRET_KEY)
    monkeypatch.setenv("APP_MAIL__HOST", "@format {this.SECRET_KEY}")
    if loader == "dynaconf":  # it would put the secret key into a shown setting
        with pytest.raises(SettingsError, match="- APP_MAIL__HOST: may not start with @"):
            make_app()
    else:  # pydantic-settings reads text as text
        assert make_app().config["MAIL"]["host"] == "@format {this.SECRET_KEY}"


def test_only_the_given_dotenv_file_is_read_and_os_environ_is_untouched(
    make_app, write_env, tmp_path, monkeypatch
):
    # Dynaconf's own load_dotenv=True would also read a .env found from the current folder,
    # and copy it into os.environ: settings_dynaconf.load reads the one file it is given.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".env").write_text("APP_MAIL__SENDER=from-the-current-folder\n")
    monkeypatch.chdir(elsewhere)
    write_env(APP_MAIL__HOST="from-dotenv")
    config = make_app().config
    assert config["MAIL"]["host"] == "from-dotenv"
    assert config["MAIL"]["sender"] == "noreply@example.com"
    assert "APP_MAIL__HOST" not in os.environ


def test_the_flask_command_names_the_variable_and_not_the_secret(tmp_path):
    """A real `flask` run for each loader (both at once): it fails, stderr names the variables
    and never holds the secret."""
    leaky = "short-leaky-secret-77af"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("APP_", "FLASK_"))}
    base.update(APP_ENV="production", APP_SECRET_KEY=leaky, APP_MAIL__PORT="70000")
    base.update(SECRETS_DIR=str(tmp_path), FLASK_SKIP_DOTENV="1")
    flask = Path(sys.executable).parent / "flask"
    command = [str(flask), "--app", str(EXAMPLE.relative_to(ROOT) / "app.py"), "routes"]
    runs = {
        loader: subprocess.Popen(
            command,
            cwd=ROOT,
            env={**base, "SETTINGS_LOADER": loader},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for loader in ("pydantic", "dynaconf")
    }
    for loader, run in runs.items():
        stdout, stderr = run.communicate(timeout=30)
        assert run.returncode != 0, loader
        assert f"Invalid settings ({loader}, production)" in stderr
        assert "- APP_SECRET_KEY: " in stderr and "- APP_MAIL__PORT: " in stderr
        assert leaky not in stderr and leaky not in stdout
